//! Interface strings in both languages. Scenario text lives in the scenario files.

use goodwill_engine::Lang;

macro_rules! keys {
    ($($key:ident => ($zh:expr, $en:expr),)*) => {
        /// Every interface string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Phrase { $($key,)* }

        impl Phrase {
            pub const ALL: &'static [Phrase] = &[$(Phrase::$key,)*];
        }

        /// The string for `key` in `lang`.
        pub fn tr(key: Phrase, lang: Lang) -> &'static str {
            match (key, lang) {
                $((Phrase::$key, Lang::Zh) => $zh, (Phrase::$key, Lang::En) => $en,)*
            }
        }
    };
}

keys! {
    AppName => ("善意", "Goodwill"),
    Tagline => ("客户投诉处理角色扮演训练：每一句话，都是情绪账户里的一笔存取。", "Complaint-handling role-play: every word you say is a deposit or a withdrawal."),
    Play => ("开始", "Play"),
    Settings => ("设置", "Settings"),
    Quit => ("退出", "Quit"),
    Back => ("返回", "Back"),
    Customer => ("顾客", "Customer"),
    You => ("你", "You"),
    TryAnotherAnswer => ("换个回答再试：回到第几步？", "Try another answer: go back to step"),
    PracticeRun => ("练习（不计入成绩）", "Practice (not counted in your results)"),
    PathPicture => ("对话地图", "Conversation map"),
    PathPictureSaved => ("对话地图已保存（在浏览器中打开）：", "Conversation map saved (opened in your browser): "),
    PathPictureFailed => ("无法画出对话地图：", "Cannot draw the conversation map: "),
    SoFar => ("此前的对话", "The conversation so far"),
    YourAnswer => ("你的回答", "Your answer"),
    ToQuit => ("退出", "to quit"),
    FeedbackNote => ("点评", "Feedback"),
    TerminalNotSaved => ("未指定 --profile：本次练习不保存", "No --profile given: this attempt is not saved"),
    TerminalNothingYet => ("还没有作答，没有保存任何内容", "Nothing was answered yet, so nothing was saved"),
    PleaseType => ("请输入", "Please type"),
    Account => ("账户", "Account"),
    Interest => ("利息", "interest"),
    Repeated => ("重复", "repeated"),
    Sincerity => ("真诚度", "sincerity"),
    LatestResult => ("最近", "Latest"),
    Assigned => ("本课指定", "assigned"),
    NextRoundSwap => ("第二轮：交换角色", "Round two: swap roles"),
    CompareRounds => ("对比两轮", "Compare both rounds"),
    RateSincerity => ("请顾客扮演者评分：刚才这句话听起来有多真诚？", "customer player, rate it: how sincere did that sound?"),
    RateSincerityHint => ("按 1–5 或点击。评分决定这句话能存入多少：道歉只有真诚才有效（000、001）。", "Press 1–5 or click. The rating decides how much the line deposits: an apology only works when it is sincere (000, 001)."),
    Sincerity1 => ("敷衍", "hollow"),
    Sincerity2 => ("勉强", "grudging"),
    Sincerity3 => ("一般", "so-so"),
    Sincerity4 => ("真诚", "sincere"),
    Sincerity5 => ("非常真诚", "heartfelt"),
    Trainee => ("学员", "Trainee"),
    NoTrainee => ("未选择学员（成绩不保存）", "no trainee chosen (results not saved)"),
    NotSaving => ("成绩数据库无法打开，本次不保存", "the results database cannot be opened; nothing is saved"),
    SavingFailed => (
        "成绩写入失败，本次练习的成绩不再保存（可继续练习）",
        "results could not be written: this attempt is no longer being saved (you can keep playing)"
    ),
    ChangeNotSaved => (
        "成绩写入失败，这一更改没有保存",
        "results could not be written: this change was not saved"
    ),
    ClassSession => ("培训课", "Class session"),
    NoClass => ("自学", "self-study"),
    ChooseTrainee => ("选择学员", "Choose trainee"),
    NewTrainee => ("新学员：输入姓名后按 Enter", "New trainee: type a name, then Enter"),
    CreateTrainee => ("创建", "Create"),
    SwitchTrainee => ("切换学员", "Switch trainee"),
    Progress => ("学习进度", "Progress"),
    PairExercise => ("双人练习", "Pair exercise"),
    ClassView => ("课堂总览", "Class view"),
    Unfinished => ("未完成的练习", "Unfinished attempt"),
    ResumeAttempt => ("继续", "Resume"),
    DiscardAttempt => ("放弃", "Discard"),
    ResumeRefused => ("这次练习无法继续，记录已保留", "This attempt cannot be resumed; it is kept as it was"),
    ResumeNeedsTrainee => ("请先选择学员：只能继续自己的练习", "Choose your name first: only your own attempt can be resumed"),
    FirstAttempt => ("第一次", "First"),
    LatestAttempt => ("最近一次", "Latest"),
    GoldenStepsProgress => ("七大黄金步骤：第一次 → 最近一次（做到 / 有机会）", "Seven golden steps: first → latest (applied / on offer)"),
    PastAttempts => ("练习记录（点击回放）", "Past attempts (click to replay)"),
    NoAttempts => ("还没有完成的练习。", "No finished attempts yet."),
    Transcript => ("回放", "Replay"),
    PreviousStep => ("上一步", "Previous"),
    NextStep => ("下一步", "Next"),
    TranscriptHint => ("← / → 逐步回放 · Esc 返回", "← / → step through · Esc back"),
    NoClasses => ("还没有培训课。点“新建培训课”，或用命令：goodwill class new 名称 --trainees 甲,乙", "No class sessions yet. Press New class session, or run: goodwill class new NAME --trainees A,B"),
    NewClass => ("新建培训课", "New class session"),
    ClassName => ("培训课名称：输入后按 Enter，再添加学员、选择案例", "Class session name: type it and press Enter, then add trainees and pick cases"),
    ClassTrainees => ("学员（打勾的加入本课）", "Trainees (ticked ones join this class)"),
    AddTrainees => (
        "添加学员：输入姓名后按 Enter 加入名单；可一次输入多个，用逗号、顿号（、）或分号隔开",
        "Add trainees: type a name and press Enter to add it; several at once separated by commas, 、 or semicolons"
    ),
    ClickToType => ("（点此输入）", "(click to type here)"),
    NewName => ("新", "new"),
    NameRefused => ("未加入", "not added"),
    NameRules => ("姓名最多 40 个字符，不能为空、不能只含不可见字符，也不能含控制字符", "a name has 1–40 characters, not only invisible ones, and no control characters"),
    ClassCases => ("指定案例", "Assigned cases"),
    CreateClass => ("创建培训课", "Create class session"),
    Outcomes => ("结果（最近一次）", "Outcomes (latest)"),
    BalanceCurves => ("余额曲线", "Balance curves"),
    Heatmap => ("黄金步骤热力图（做到 / 有机会）", "Golden-step heatmap (applied / on offer)"),
    HeatmapScale => ("绿色：每次都做到 · 红色：从未做到 · 灰色：这条路径上没有机会", "Green: always applied · red: never · grey: never on offer"),
    ChartStep => ("步骤", "Step"),
    ChartStart => ("开始", "Start"),
    LossLine => ("红线为 0：余额跌破它，账户透支，客户流失", "Red line at 0: below it the account is overdrawn and the customer is lost"),
    NotReached => ("未走到", "not reached"),
    SwitchCase => ("换案例", "Switch case"),
    SwitchClass => ("换培训课", "Switch class"),
    Agent => ("客服（A）", "Agent (A)"),
    CustomerPlayer => ("顾客扮演者（B）", "Customer player (B)"),
    Observer => ("观察员", "Observer"),
    Nobody => ("无", "none"),
    ObserverOnPhone => ("观察员用手机打分", "Observer marks on a phone"),
    ObserverPhoneJoin => (
        "观察员：用手机扫描二维码，或在浏览器中打开下面的地址，在本轮进行时为七个步骤打分。客服扮演者看不到这些标记。",
        "Observer: scan the code with your phone, or open the address below, and mark the seven steps while the round is played. The agent cannot see these marks."
    ),
    ObserverPhoneJoined => ("观察员已连接", "Observer connected"),
    ReleaseObserverPhone => ("观察员换手机", "The observer switched phones"),
    ObserverPhoneWaiting => ("等待观察员用手机加入……", "Waiting for the observer's phone…"),
    ObserverPhoneFailed => (
        "观察员手机服务无法启动：本轮结束后请在本机上打分。",
        "The observer's phone server could not start: the observer marks on this screen after the round."
    ),
    Case => ("案例", "Case"),
    StartPair => ("开始第一轮", "Start round one"),
    PairNeedsTwo => ("双人练习需要两名不同的学员：先在“切换学员”中创建。", "A pair exercise needs two different trainees: create them under Switch trainee first."),
    RoleCard => ("角色卡 · 只给顾客扮演者看", "Role card · for the customer player only"),
    LookAwayFirst => (
        "客服扮演者请转过身去，不要看屏幕。确认只有顾客扮演者能看到屏幕后，再按“显示角色卡”。",
        "Agent player: turn away from the screen. Customer player: when only you can see it, press Show my card."
    ),
    RevealCard => ("显示角色卡", "Show my card"),
    ObserverFirst => (
        "观察员先打分：在看到系统的评价之前，勾选你看到的步骤。",
        "Observer first: tick the steps you saw before the game shows its own verdict."
    ),
    AgentLookAway => ("客服扮演者请先回避。顾客扮演者读完后按继续，然后大声念出顾客的台词。", "Agent player, look away. Customer player: read this, press Continue, then read the customer's lines aloud."),
    WhatHappened => ("发生了什么", "What happened"),
    WhatYouWant => ("你想要什么", "What you want"),
    HowUpset => ("你有多生气、怎么演", "How upset you are, and how to play it"),
    ObserverChecklist => ("观察员清单：这一轮客服做到了哪些步骤？", "Observer checklist: which steps did the agent apply this round?"),
    Done => ("完成", "Done"),
    BothRounds => ("两轮对比", "Both rounds side by side"),
    EngineSays => ("评分模型", "Scoring model"),
    ObserverSays => ("观察员", "Observer"),
    Seen => ("做到", "seen"),
    NotSeen => ("未做到", "not seen"),
    PromiseOpened => ("许下承诺", "Promise made"),
    PromiseKept => ("兑现承诺", "promise kept"),
    PromiseBroken => ("违背承诺", "promise broken"),
    PromiseUnkept => ("未兑现的承诺", "promise left unkept"),
    CreditBack => ("收回承诺换来的好感", "credit back"),
    OptionsShown => ("当时的选项（按你看到的顺序）", "The options, in the order you saw them"),
    OptionsShownHint => ("▶ 你的回答 · ★ 即时得分最高 · 括号内为即时得分", "▶ your answer · ★ best immediate score · in brackets: the immediate score"),
    HowScored => ("计分规则", "How you were scored"),
    OpenPromises => ("未兑现的承诺", "Open promises"),
    NoOpenPromises => ("（无）", "(none)"),
    Mood => ("情绪", "Mood"),
    Balance => ("情绪账户", "Emotional account"),
    AccountClosed => ("账户透支，已关闭：顾客走了", "Account overdrawn and closed: the customer has gone"),
    Outcome => ("结果", "Outcome"),
    FinalBalance => ("最终余额", "Final balance"),
    Timeline => ("余额变化", "Balance over time"),
    GoldenSteps => ("七大黄金步骤", "The seven golden steps"),
    Applied => ("做到了", "applied"),
    Missed => ("错过了", "missed"),
    NotOffered => ("本次未遇到", "not offered on this path"),
    AntiPatterns => ("犯下的错误", "Mistakes made"),
    NoAntiPatterns => ("没有犯下文中警示的错误。", "None of the mistakes the documents warn against."),
    Feedback => ("逐句点评", "Every choice, with feedback"),
    WordOfMouth => ("口碑", "Word of mouth"),
    Scenarios => ("选择案例", "Choose a case"),
    Difficulty => ("难度", "Difficulty"),
    BestResult => ("最佳成绩", "Best result"),
    NotPlayed => ("尚未练习", "Not played yet"),
    BrokenScenario => ("无法载入的案例", "Scenario that failed to load"),
    NoScenarios => ("没有找到案例文件", "No scenario files found"),
    Resume => ("继续", "Resume"),
    Restart => ("重新开始", "Restart"),
    BackToList => ("返回案例列表", "Back to the list"),
    Paused => ("已暂停", "Paused"),
    Retry => ("再练一次", "Retry"),
    NextScenario => ("下一个案例", "Next case"),
    Debrief => ("复盘", "Debrief"),
    Language => ("语言", "Language"),
    TextSize => ("字号", "Text size"),
    TextSpeed => ("文字速度", "Text speed"),
    ExportReport => ("导出报告（HTML 与 CSV）", "Export report (HTML and CSV)"),
    ReportWritten => ("报告已写入：", "Report written: "),
    ReportFailed => ("无法导出报告：", "Cannot export the report: "),
    SpeedSlow => ("慢", "slow"),
    SpeedNormal => ("正常", "normal"),
    SpeedFast => ("快", "fast"),
    SpeedInstant => ("立即显示", "instant"),
    Fullscreen => ("全屏", "Fullscreen"),
    FeedbackTiming => ("点评显示", "Show feedback"),
    AfterEachChoice => ("每次选择后", "After each choice"),
    OnlyInDebrief => ("只在复盘时", "Only in the debrief"),
    On => ("开", "On"),
    Off => ("关", "Off"),
    Small => ("小", "Small"),
    Medium => ("中", "Medium"),
    Large => ("大", "Large"),
    ExtraLarge => ("特大", "Extra large"),
    Continue => ("继续", "Continue"),
    Source => ("出处", "Source"),
    Setting => ("场景", "Setting"),
    KeysChoose => ("数字键 1–{n} 选择 · 或 ↑↓ 再按 Enter", "Keys 1–{n} choose · or ↑↓ then Enter"),
    KeysReveal => ("空格 / Enter 显示全句", "Space / Enter shows the whole line"),
    KeysRate => ("数字键 1–5 评分", "Keys 1–5 rate"),
    KeysContinue => ("空格 / Enter 继续", "Space / Enter continues"),
    PauseButton => ("暂停（Esc）", "Pause (Esc)"),
    GlossaryButton => ("术语表（G）", "Glossary (G)"),
    MenuHint => ("↑↓ 选择 · Enter 确认 · Esc 返回", "↑↓ select · Enter confirm · Esc back"),
    ReloadFailed => ("修改后的文件有错误，仍使用上一个正确版本", "The edited file has errors; still using the last good version"),
    Loading => ("载入中……", "Loading…"),
    QuitQuestion => ("确定要退出吗？", "Quit Goodwill?"),
    Cancel => ("取消", "Cancel"),
    QuitHint => ("Enter 退出 · Esc 取消", "Enter quits · Esc cancels"),
    TitleHint => ("方向键 选择 · Enter 确认 · L 切换语言 · Esc 退出", "Arrow keys select · Enter confirms · L switches language · Esc quits"),
    SelectHint => ("方向键 选择 · Enter 确认 · 数字键 直接打开 · Esc 返回", "Arrow keys select · Enter confirms · number keys open a case · Esc back"),
    CaseOrder => ("按出处文档分组，每组由易到难", "Grouped by source document, easiest first"),
    ProfilesOrder => ("最近练习过的学员排在前面", "Most recently active trainees first"),
    BrokenFile => ("这个案例文件有错误，暂时不能练习", "This case file has errors and cannot be played"),
    BrokenExplain => ("请修改文件并保存，游戏会自动重新载入。检查器的详细信息：", "Fix the file and save it: the game reloads it by itself. The checker's details:"),
    ProblemFiles => ("个案例文件有错误", "case file(s) with errors"),
    ShowProblems => ("按 P 查看", "press P to see them"),
    HideProblems => ("按 P 隐藏", "press P to hide them"),
    ShowProblemsButton => ("查看文件问题", "Show file problems"),
    HideProblemsButton => ("隐藏文件问题", "Hide file problems"),
    LastGoodVersion => ("修改后的文件有错误，仍在使用上一个正确版本。", "The edited file has errors: the last good version is still in use."),
    SettingsBroken => (
        "设置文件有错误，本次使用默认设置。原文件已原样保留",
        "The settings file has an error, so the defaults are in use. The file is kept unchanged"
    ),
    TrainerPin => ("培训师密码", "Trainer PIN"),
    PinNotSet => ("未设置，学员可更改所有设置", "not set; trainees may change every setting"),
    PinLocked => ("已锁定：语言、字号、点评显示由培训师设定，课堂总览需输入密码", "locked: language, text size and feedback are set by the trainer; the class view needs the PIN"),
    PinUnlocked => ("已解锁（本次运行有效）", "unlocked for this session"),
    Locked => ("已锁定", "locked"),
    SetPin => ("设置培训师密码", "Set a trainer PIN"),
    UnlockWithPin => ("输入密码解锁", "Enter the PIN to unlock"),
    ClearPin => ("清除密码", "Remove the PIN"),
    LockAgain => ("重新锁定", "Lock again"),
    TypeNewPin => ("输入 4–8 位数字作为新密码，按 Enter 确认，Esc 取消", "Type a new PIN of 4–8 digits, then Enter; Esc cancels"),
    TypePin => ("输入培训师密码，按 Enter 确认，Esc 取消", "Type the trainer PIN, then Enter; Esc cancels"),
    PinTooShort => ("密码须为 4–8 位数字。", "A PIN is 4–8 digits."),
    WrongPin => ("密码不对。", "That is not the PIN."),
    ConfirmNewPin => ("再输入一次新密码以确认，按 Enter，Esc 取消", "Type the new PIN again to confirm, then Enter; Esc cancels"),
    PinMismatch => ("两次输入的密码不一致，密码没有设置。请重新设置。", "The two PINs differ: no PIN was set. Set it again."),
    PinSetUnlocked => (
        "密码已设置。本次运行仍为解锁状态：按“重新锁定”或关闭游戏后即锁定。",
        "PIN set. It stays unlocked while the game runs: press Lock again, or close the game, to lock it."
    ),
    ClassNeedsPin => ("课堂总览（新建培训课、导出报告）需要培训师密码。", "The class view (new class sessions, export) needs the trainer PIN."),
    PinCleared => ("密码已清除。", "PIN removed."),
    AskTrainer => ("此项已由培训师锁定。", "The trainer has locked this setting."),
    LrsHeading => ("学习记录系统（LRS）", "Learning record store (LRS)"),
    LrsSending => ("自动发送成绩", "Send results by themselves"),
    LrsEndpoint => ("LRS 地址", "LRS address"),
    LrsUser => ("用户名", "User"),
    LrsHomePage => ("学员账户主页", "Trainees' account homePage"),
    LrsPassword => ("密码", "Password"),
    LrsPasswordHidden => ("不显示；输入新密码即存入系统钥匙串", "never shown; type a new one to keep it in the OS keyring"),
    LrsNotSet => ("未设置", "not set"),
    LrsTest => ("测试连接", "Test connection"),
    LrsTyping => ("输入后按 Enter 保存，Esc 取消", "Type, then Enter to save; Esc cancels"),
    SettingsHint => ("↑↓ 选择 · ←/→ 更改 · Enter 确认 · Esc 返回", "↑↓ select · ←/→ change · Enter confirm · Esc back"),
    Guide => ("入门指南", "How it works"),
    GuideAgain => ("重看入门指南", "Show the guide again"),
    GuideAccountTitle => ("情绪账户", "The emotional account"),
    GuideAccountIntro => (
        "每位顾客和你之间都有一个情绪账户（001）。你说的每一句话，都是一笔存款或一笔取款。",
        "Between every customer and you there is an emotional account (001). Everything you say is a deposit or a withdrawal."
    ),
    GuideMoodScale => ("余额与顾客的情绪", "The balance and the customer's mood"),
    GuideOutcomeScale => ("结束时的余额决定结局", "The balance at the end decides the outcome"),
    GuideInterestTitle => ("利息与承诺", "Interest and promises"),
    GuideStepsTitle => ("七大黄金步骤（001）", "The seven golden steps (001)"),
    GuideStepsIntro => (
        "处理抱怨的七个步骤，按顺序来。复盘会逐一检查你做到了哪些。",
        "Seven steps for handling a complaint, in order. The debrief checks which of them you applied."
    ),
    GuideScoredTitle => ("你的成绩看什么", "What you are scored on"),
    GuideScored => (
        "每个案例结束后，复盘会列出：结局（由最终余额决定）、余额的每一次变化、七大黄金步骤做到了哪些、犯下了哪些文中警示的错误，以及每一句话的点评和出处。",
        "After each case the debrief shows: the outcome (decided by the final balance), every movement of the balance, which of the seven golden steps you applied, which of the mistakes the documents warn against you made, and feedback on every line with its source."
    ),
    GuideGlossaryTip => ("练习和复盘时，按 G 随时打开术语表。", "While playing or in the debrief, press G for the glossary at any time."),
    PreviousPage => ("上一页", "Previous"),
    NextPage => ("下一页", "Next"),
    StartPractising => ("开始练习", "Start practising"),
    Skip => ("跳过", "Skip"),
    GuideHint => ("←/→ 翻页 · Enter 下一页 · Esc 跳过", "←/→ turn the page · Enter next · Esc skip"),
    GuideHintLast => ("← 上一页 · Enter 开始练习 · Esc 跳过", "← previous page · Enter starts practising · Esc skip"),
    Glossary => ("术语表", "Glossary"),
    AccountTerms => ("情绪账户的规则", "The account's rules"),
    TermScale => ("余额与结局", "Balance and outcome"),
    TermInterest => ("存款、取款与利息", "Deposits, withdrawals and interest"),
    TermPromises => ("承诺是债务", "Promises are debts"),
    TermRepeats => ("重复同一招", "Repeating a move"),
    TermSincerity => ("真诚度", "Sincerity"),
    TermAccuracy => ("准确度", "Accuracy"),
    Accuracy => ("准确度", "Accuracy"),
    AccuracyHint => ("结局看顾客的去留，准确度看你每一步的判断：犯了错再挽回，结局可能一样，准确度会更低。", "The outcome is the customer's fate; accuracy is your judgement at each step. A mistake recovered can end the same, with a lower accuracy."),
    AccuracyUnknownHint => ("准确度未知：这次记录早于准确度，或无法计算。", "Accuracy unknown: recorded before accuracy existed, or it could not be worked out."),
    Judgement => ("判断", "Judgement"),
    TermOrder => ("选项的顺序与长短", "Order and length of the choices"),
    CloseGlossary => ("关闭", "Close"),
    GlossaryHint => ("G 或 Esc 关闭 · ↑↓ 滚动", "G or Esc closes · ↑↓ scroll"),
    // The conversation map (`src/pages/map`). `{name}` marks a value [`fill`] puts in.
    MapTraineeLabel => ("学员路径", "yours"),
    MapTraineeLegend => ("蓝色：学员的路径（选择 {choices}）", "blue: the trainee's path (--choices {choices})"),
    MapYourPath => ("你的路径", "your path"),
    MapYourPathLegend => ("蓝色：你这次的路径（{count} 步，你按的是 {choices}）", "blue: your path this time ({count} steps; you pressed {choices})"),
    MapBestSeenLegend => ("绿色：最佳路径，结束时{balance}（{outcome}）", "green: the best path, ending with {balance} ({outcome})"),
    MapArrowsSeen => (
        "箭头上：你这次看到这句回答时的编号（只有你走到的地方才有），和这句话的即时得分；浅绿为存入，浅红为取出。鼠标停在文字上可看全文，全文也列在图下。",
        "On each arrow: the number you saw that answer under this time (only where you were asked), and its immediate score; light green deposits, light red withdraws. Hover over a text for all of it; every answer is also listed below the map."
    ),
    MapYouArrived => ("你到这里时余额 {balance}", "you arrived at {balance}"),
    MapFoldSeen => ("……之后 {count} 句一路直接经过", "… then {count} lines passed straight through"),
    MapPromiseOpenSeen => ("承诺{text}尚未兑现", "promise {text} still owed"),
    MapPromiseKeptSeen => ("承诺{text}已兑现", "promise {text} kept"),
    MapPromiseBrokenSeen => ("承诺{text}已违背", "promise {text} broken"),
    MapPromiseNotMadeSeen => ("尚未承诺{text}", "promise {text} not made"),
    MapStepsHeading => ("你这次的回答（编号是你当时看到的）", "Your answers this time (numbered as you saw them)"),
    MapYouChose => ("你的回答", "your answer"),
    MapOnBestPath => ("最佳路径", "best path"),
    MapBestHeading => ("最佳路径的回答", "The best path's answers"),
    MapSawAs => ("你看到它是第 {number} 项", "you saw it as number {number}"),
    MapNotOfferedToYou => ("这次没有出现在你的选项里", "it was not among your options this time"),
    MapNotAskedThere => ("你这次没有走到这里", "you did not reach this point this time"),
    MapBestLabel => ("最佳", "best"),
    MapBestPath => ("最佳路径", "best path"),
    MapBestLegend => ("绿色：最佳路径", "green: the best path"),
    MapPathEnd => ("，最终余额 {balance}（{outcome}），选择 {choices}", ", final balance {balance} ({outcome}), --choices {choices}"),
    MapWorstLabel => ("最差", "worst"),
    MapWorstLegend => (
        "红色：最差路径，最终余额 {balance}（{outcome}），选择 {choices}",
        "red: the worst path, final balance {balance} ({outcome}), --choices {choices}"
    ),
    MapExampleLabel => ("例：{outcomes}", "e.g. {outcomes}"),
    MapExampleLegend => (
        "虚线：以“{outcome}”结束的示例路径（最终余额 {balance}），选择 {choices}",
        "dashed: an example path ending {outcome} (final {balance}), --choices {choices}"
    ),
    MapFold => ("{first} … {last}\n{count} 个节点直接经过", "{first} … {last}\n{count} nodes passed straight through"),
    MapBalance => ("余额", "balance"),
    MapNeverReached => ("走不到", "never reached"),
    MapEnd => ("结束", "End"),
    MapPromises => ("承诺", "promises"),
    MapKeeps => ("兑现", "keeps"),
    MapBreaks => ("违背", "breaks"),
    MapIf => ("条件：{conditions}", "if {conditions}"),
    MapAnd => ("，且", " and "),
    MapPromiseOpen => ("承诺“{id}”尚未兑现", "promise `{id}` is open"),
    MapPromiseKept => ("承诺“{id}”已兑现", "promise `{id}` was kept"),
    MapPromiseBroken => ("承诺“{id}”已违背", "promise `{id}` was broken"),
    MapPromiseNotMade => ("未作出承诺“{id}”", "promise `{id}` was not made"),
    MapBalanceAbove => ("余额高于 {value}", "the balance is above {value}"),
    MapBalanceBelow => ("余额低于 {value}", "the balance is below {value}"),
    MapHappened => ("事件“{id}”已发生", "event `{id}` happened"),
    MapNotHappened => ("事件“{id}”未发生", "event `{id}` did not happen"),
    MapHappenedSeen => ("{text}已经发生", "{text} has happened"),
    MapNotHappenedSeen => ("{text}尚未发生", "{text} has not happened"),
    MapArrows => (
        "箭头：选项编号（文件中的顺序）：即时得分；浅绿为存入，浅红为取出",
        "arrows: choice number (file order): immediate score; light green deposits, light red withdraws"
    ),
    MapNotDrawn => ("（已折叠，未画出）", " (not drawn: collapsed)"),
    MapCollapsed => (
        "已折叠：共 {nodes} 个节点，只画出标出的路径（{hidden} 个节点未画出）",
        "collapsed: {nodes} nodes; only the highlighted paths are drawn ({hidden} nodes not drawn)"
    ),
    MapNoStart => ("起始节点不存在", "the start node does not exist"),
    MapNoSuchChoice => (
        "第 {step} 步：节点“{node}”只有 {count} 个选项，没有第 {choice} 个",
        "step {step}: node `{node}` has {count} choices, not {choice}"
    ),
    MapPastTheEnd => (
        "第 {step} 步：对话已在此结束，但路径还有 {more} 个选择",
        "step {step}: the conversation ends there, but the path has {more} more choice(s)"
    ),
    MapNodeMoved => (
        "第 {step} 步：这次练习当时在节点“{was}”，而按现在的案例文件，这一步到达的是“{here}”（文件改过了吗？）",
        "step {step}: the run was at node `{was}`, but this scenario's path reaches `{here}` there (was the file changed since?)"
    ),
    MapLayoutFailed => ("无法为这个案例排出对话地图", "the graph layout failed for this scenario"),
    // The class report page (`src/pages/class_report`).
    ReportTitle => ("培训课报告", "Class session report"),
    ReportGenerated => ("生成于", "Generated"),
    ReportTrainees => ("学员", "Trainees"),
    ReportOutcomes => ("结果：学员 × 案例（最近一次；另有更好的一次时，列出最佳）", "Outcomes: trainee × case (latest; and the best, when another attempt did better)"),
    ReportBest => ("最佳", "best"),
    ReportCurves => ("情绪账户余额曲线（每位学员最近一次）", "Emotional-account balance (each trainee's latest attempt)"),
    ReportCurvesHint => (
        "横轴为步骤，纵轴为余额 0–100；红线以下表示账户透支、已关闭。",
        "Across: the steps; up: the balance, 0–100. Below the red line the account is overdrawn and closed."
    ),
    ReportMistakes => ("犯下的错误", "Mistakes made"),
    ReportMistakesHint => ("全部练习中犯下的、文中警示的错误：出现在几次练习里，由谁犯下。", "The mistakes the documents warn against, over all attempts: in how many attempts, and by whom."),
    ReportAttemptsCount => ("练习次数", "Attempts"),
    ReportNoMistakes => ("没有", "none"),
    ReportObserverMarks => ("观察员勾选与评分模型", "Observer's marks against the scoring model"),
    ReportObserverHint => (
        "双人练习中观察员勾选的步骤，与系统的评分并列：✓ 做到，× 未做到，— 本次未遇到。",
        "Steps the observer ticked in a pair exercise, beside the game's own verdict: ✓ applied, × not applied, — not offered."
    ),
    ReportNoObserver => ("本课没有观察员打分的练习。", "No attempt in this class has observer marks."),
    ReportSincerity => ("真诚度评分（顾客扮演者给出，1–5）", "Sincerity ratings (by the customer player, 1–5)"),
    ReportNoSincerity => ("本课没有真诚度评分。", "No sincerity ratings in this class."),
    ReportRatings => ("评分", "Ratings"),
    ReportAverage => ("平均", "Average"),
    ReportClosed => ("账户关闭", "account closed"),
    ReportHeatmap => ("七大黄金步骤：做到 / 有机会做", "Seven golden steps: applied / on offer"),
    ReportClassVotes => ("全班投票", "Class votes"),
    ReportClassVotesHint => (
        "全班用手机一起处理的案例：每一步各个回答得到的票数与比例，条形的长度即比例。★ 即时得分最高的回答，▶ 采用的回答；采用的回答不是多数人的选择时，标为“培训师改选”。",
        "Cases the class played together from their phones: at each step, every answer's votes and share (the bar's length). ★ the best immediate score, ▶ the answer played; marked trainer's pick when it was not the majority's."
    ),
    ReportNoClassVotes => ("本课还没有全班投票。", "No class votes in this class yet."),
    ReportVoters => ("投票人数", "Voters"),
    ReportVoteStepLine => ("第 {step} 步：最佳回答得 {best} / {n} 票（{pct}%）", "Step {step}: {best} of {n} votes for the best answer ({pct}%)"),
    ReportVoteStepNobody => ("第 {step} 步：没有人投票", "Step {step}: nobody voted"),
    ReportVoteStepNoBest => ("第 {step} 步：共 {n} 票（没有记录最佳回答）", "Step {step}: {n} votes (the best answer was not recorded)"),
    ReportVotesShare => ("{n} 票 · {pct}%", "{n} votes · {pct}%"),
    ReportOneVoteShare => ("1 票 · {pct}%", "1 vote · {pct}%"),
    ReportTrainerPick => ("培训师改选", "trainer's pick"),
    ReportAnswerNumber => ("回答 {n}", "answer {n}"),
    ReportAttempts => ("全部练习", "All attempts"),
    ReportStarted => ("开始", "Started"),
    ReportBalance => ("余额", "Balance"),
    ReportPartner => ("顾客扮演者", "Customer played by"),
    ReportNone => ("尚无已完成的练习。", "No finished attempts yet."),
    Overdrawn => ("账户已关闭（透支 {amount}）", "account closed (overdrawn by {amount})"),
    OverdrawnClosed => ("账户透支 {amount} 分，已关闭", "account overdrawn by {amount} points, closed"),
    OverdrawnShort => ("透支 {amount}", "overdrawn {amount}"),
    ListComma => ("、", ", "),
    ClassVote => ("全班投票", "Class vote"),
    ClassVoteIntro => (
        "全班用手机一起处理一个案例：每一步大家各自投票，投票结束后看全班的分歧，再采用多数人的回答，一起读点评。不计时，也不比快慢。",
        "The whole class plays one case from their phones: at each step everyone votes, the class sees its split once the vote closes, the majority's answer is played and everyone reads the feedback together. No clock, no prize for speed."
    ),
    ClassVoteNeedsClass => ("还没有培训课：请先新建一个培训课并填写学员名单。", "There is no class session yet: create one with its list of trainees first."),
    TraineeCount => ("{n} 名学员", "{n} trainees"),
    AnonymousSeats => ("名单外的匿名座位", "Anonymous seats (not on the roster)"),
    Allowed => ("允许", "allowed"),
    NotAllowed => ("不允许", "not allowed"),
    VoteTimeLimit => ("每步时限", "Time limit per step"),
    NoTimeLimit => ("不限时", "none"),
    MinutesPerStep => ("{n} 分钟", "{n} min"),
    VoteServerFailed => ("投票服务无法启动", "The vote server could not start"),
    OpenVoteRoom => ("开放投票", "Open the vote"),
    JoinHow => ("用手机扫描二维码，或在浏览器中打开：", "Scan the code with a phone, or open in a browser:"),
    JoinCodeIs => ("加入码：", "Join code:"),
    BeginVoteCase => ("开始案例", "Start the case"),
    EndClassVote => ("结束全班投票", "End the class vote"),
    VoteLobbyHint => (
        "手机与本机需在同一网络。刷新页面或锁屏后重新打开，会回到原来的座位。Enter 开始 · Esc 结束",
        "Phones must be on the same network as this computer. A refreshed or locked phone comes back to its seat. Enter starts · Esc ends"
    ),
    JoinedOfRoster => ("已加入 {n} / {of} 人", "{n} of {of} joined"),
    JoinedCount => ("已加入 {n} 人", "{n} joined"),
    NobodyYet => ("还没有人加入。", "Nobody has joined yet."),
    SeatAway => ("等待换手机加入", "waiting for another phone"),
    ReleaseSeatHint => (
        "学员的手机没电或换了手机：点击其名字让出座位，再用新手机加入，已投的票保留。",
        "A trainee's phone died or they switched phones: click their name to free the seat, then they join from the new phone; their votes stay."
    ),
    VotedOf => ("已投票：{n} / {of}", "{n} of {of} voted"),
    TimeLeft => ("剩余 {t}", "{t} left"),
    SplitAfterClose => ("投票结束后才显示各回答的票数，投票前可以随时改票。", "The split is shown once the vote closes; votes can be changed until then."),
    CloseVote => ("结束投票", "Close the vote"),
    VoteClosed => ("投票结束：共 {n} 票", "Vote closed: {n} votes"),
    TiePick => ("平票（共 {n} 票）：请培训师选一个回答（数字键或点击）", "A tie ({n} votes): the trainer picks an answer (number key or click)"),
    NoVotesPick => ("没有人投票：请培训师选一个回答（数字键或点击）", "Nobody voted: the trainer picks an answer (number key or click)"),
    PlayVoteAnswer => ("采用这个回答", "Play this answer"),
    Majority => ("多数", "majority"),
    ToBePlayed => ("将采用", "to be played"),
    PickAnotherHint => ("培训师可按数字键改选另一个回答，用来说明问题。", "The trainer may pick another answer with its number key, to make a point."),
    TheClass => ("全班", "The class"),
    ClassSplit => ("全班的选择", "How the class voted"),
    ClassPlayed => ("采用", "played"),
    TieTrainerPicked => ("平票，由培训师选定", "a tie, settled by the trainer"),
    BestAnswerMark => ("最佳", "best"),
    // Reflection and plans
    ReflectAndPlan => ("思考与计划", "Reflect and plan"),
    ReflectionHeading => ("联系自己的工作想一想", "Think about your own work"),
    ReflectionHint => ("可以用中文输入法或英文作答，按 Enter 保存。没有标准答案，培训师会在课上和大家一起看。", "Answer in Chinese (with the input method) or in English; Enter saves. There is no right answer: the trainer reads them with the class."),
    SaveAnswer => ("保存回答", "Save the answer"),
    AnswerSaved => ("已保存", "saved"),
    AnswerNotSaved => ("未保存", "not saved"),
    NoReflectionQuestion => ("这个案例没有思考题。", "This case has no reflection question."),
    NothingToReflect => ("这次练习没有保存成绩，不能记录思考与计划。", "This attempt was not saved, so nothing can be written for it."),
    PlanHeading => ("下次的提升计划：选一到三项", "Your plan for next time: pick one to three"),
    PlanApply => ("做到", "Apply"),
    PlanAvoid => ("避免", "Avoid"),
    OwnWords => ("用自己的话（可不填）", "In your own words (optional)"),
    SavePlan => ("保存计划", "Save the plan"),
    PlanSaved => ("计划已保存，下次登录时首页会显示它。", "Plan saved: the title shows it when you next sign in."),
    PlanTooMany => ("最多选三项。", "Pick at most three."),
    SaveRefused => ("没有保存：", "Not saved: "),
    YourPlan => ("你的提升计划", "Your plan"),
    PlanProgress => ("计划之后的练习", "Since your plan"),
    PlanBeforeSince => ("计划前 {before} → 计划后 {since}", "before {before} → since {since}"),
    MovedBetter => ("有进步", "improved"),
    MovedSame => ("持平", "no change"),
    MovedWorse => ("退步了", "slipped"),
    MovedNotYet => ("还没练到", "not tried yet"),
    ClassAnswers => ("全班的思考题回答", "The class's reflection answers"),
    NextQuestion => ("下一题", "Next question"),
    HideNames => ("隐藏姓名", "Hide names"),
    ShowNames => ("显示姓名", "Show names"),
    NoAnswersYet => ("这个班还没有人回答思考题。", "Nobody in this class has answered a reflection question yet."),
    TrainerOnly => ("仅限培训师：请先在设置中输入培训师密码解锁。", "For the trainer: unlock with the trainer PIN in Settings first."),
    ClassPlans => ("学员的提升计划", "Trainees' plans"),
    TraineeNumber => ("学员 {n}", "Trainee {n}"),
    ReflectionAnswers => ("思考题的回答", "Reflection answers"),
    // Group games
    GroupGames => ("小组游戏", "Group games"),
    GroupGamesIntro => (
        "003 的实物训练游戏，由本游戏主持：选一个游戏、一个培训课和若干对学员；投影显示各组的角色卡、倒计时、交换角色和最后的讨论题。",
        "003's training games, run by the game: pick a game, a class session and the pairs; the projector shows each pair's cards, the countdown, the swap and the closing discussion."
    ),
    GroupGamesNeedPin => ("小组游戏需要培训师密码。", "Group games need the trainer PIN."),
    PromiseGame => ("承诺游戏", "The promise game"),
    PromiseGameRule => (
        "003：两人一组，一人扮演客户，尽可能多地要求对方作出承诺；一人扮演客户服务人员，尽量避免作出承诺。30 分钟后两人互换角色，再玩 30 分钟。目的：重视自己的承诺。",
        "003: in pairs, one plays the customer and presses for as many promises as possible; the other, the service agent, avoids making promises. After 30 minutes the two swap roles for another 30. The purpose: to take one's own promises seriously."
    ),
    ResponsibilityGame => ("责任游戏", "The responsibility game"),
    ResponsibilityGameRule => (
        "003：两人一组，一方向另一方描述自己工作的性质、内容和承担的责任；然后对换角色；最后两人讨论，互相补充自己的不足。目的：明白什么是责任感。",
        "003: in pairs, one describes to the other the nature, content and responsibilities of their work; then they swap; then the two discuss and fill in each other's gaps. The purpose: to understand what responsibility is."
    ),
    RoundLength => ("每轮时长", "Each round"),
    MinutesDocument => ("{n} 分钟（文件规定 30 分钟）", "{n} minutes (the document says 30)"),
    MinutesOwn => ("{n} 分钟（文件没有规定时长）", "{n} minutes (the document sets no time)"),
    Minutes => ("{n} 分钟", "{n} minutes"),
    ShorterRound => ("减 5 分钟", "5 minutes less"),
    LongerRound => ("加 5 分钟", "5 minutes more"),
    PickPairsHint => (
        "依次点两名学员组成一对：先点的人第一轮先来（扮演客户服务人员，或先描述工作）。",
        "Pick two trainees to make a pair: the first one picked goes first (plays the agent, or describes their work first)."
    ),
    PairsHeading => ("各组", "Pairs"),
    NoPairsYet => ("还没有组：从上面的名单里点两名学员。", "No pairs yet: pick two trainees from the list above."),
    WaitingForPartner => ("等待搭档", "waiting for a partner"),
    SplitPair => ("拆开这一组", "Split this pair"),
    CardsFrom => ("角色卡", "Cards"),
    TypedScene => ("现场写的场景", "a scene typed on the spot"),
    TypeScene => ("写场景", "Type the scene"),
    TypeSceneHint => ("输入这一组的工作场景，按 Enter 确定。", "Type this pair's work scene, then press Enter."),
    NoSceneYet => ("（还没有写）", "(not written yet)"),
    StartGroupGame => ("开始游戏", "Start the game"),
    NeedOnePair => ("至少需要一组完整的学员。", "At least one full pair is needed."),
    PairNumber => ("第 {n} 组", "Pair {n}"),
    ReadTheCards => ("先读角色卡，准备好后开始计时。", "Read the cards, then start the clock."),
    StartClock => ("开始计时", "Start the clock"),
    PauseClock => ("暂停计时", "Pause the clock"),
    ResumeClock => ("继续计时", "Resume the clock"),
    RoundTimeLeft => ("剩余时间", "Time left"),
    ClockPaused => ("已暂停", "paused"),
    TimeUp => ("时间到！", "Time is up!"),
    EndRound => ("结束本轮", "End the round"),
    SwapRoles => ("交换角色", "Swap roles"),
    SwapHint => ("第一轮结束：两人互换角色，读新的角色卡。", "Round one is over: the two swap roles and read their new cards."),
    Discussion => ("讨论", "Discussion"),
    PromiseDiscussion => (
        "两人讨论：哪些承诺是能兑现的？哪些要求拒绝得得体，说清了能做什么，而不是一口回绝？下次遇到同样的要求，怎样回答？",
        "Discuss in pairs: which promises could be kept? Which requests were declined well, saying what can be done instead of a flat no? How will you answer the same request next time?"
    ),
    ResponsibilityDiscussion => (
        "两人讨论，互相补充自己的不足（003）：对方描述中漏掉了哪些责任？出了问题，由谁来承担？",
        "Discuss in pairs and fill in each other's gaps (003): which responsibilities did your partner leave out? When something goes wrong, who takes it on?"
    ),
    FinishGame => ("结束游戏，看结果", "Finish and see the results"),
    GroupResults => ("结果", "Results"),
    TallyAsked => ("要求承诺", "Promises asked"),
    TallyMade => ("作出承诺", "Promises made"),
    TallyDeclined => ("得体拒绝", "Declined well"),
    TallyNotKept => ("无法兑现", "Could not keep"),
    TallyKeys => (
        "计数：数字键选组，A S D F 各加一，Z X C V 各减一；也可以点 + 和 -。",
        "Tally: a number key picks the pair; A S D F add one, Z X C V take one away; or click + and -."
    ),
    TallyPhoneLater => ("（用手机计数以后再加。）", "(Counting from phones comes later.)"),
    PromiseRuleHeading => ("账户里的承诺规则", "The account's promise rule"),
    GroupGameSaved => ("结果已保存到培训课的记录。", "The results are saved to the class session's record."),
    GroupGameNotSaved => ("结果没有保存：", "The results were not saved: "),
    Describer => ("描述者", "describes"),
    Listener => ("倾听者", "listens"),
    GroupAgent => ("客户服务人员", "service agent"),
    GroupCustomer => ("客户", "customer"),
    CardAgentPromise => ("尽量避免作出你兑现不了的承诺；能做到的，说清做什么、什么时候做。", "Avoid promises you cannot keep; for what you can do, say what and when."),
    CardCustomerPromise => ("尽可能多地要求对方作出承诺。", "Press for as many promises as you can."),
    CardDescriber => ("向对方描述你的工作：性质、内容和承担的责任。", "Describe your work to your partner: its nature, its content and the responsibilities you carry."),
    CardListener => ("认真听，记下对方漏掉的责任，讨论时补充。", "Listen, note the responsibilities your partner leaves out, and add them in the discussion."),
    DebriefNotKept => ("{name}许下 {n} 个兑现不了的承诺：比不许诺更糟", "{name} made {n} promise(s) they could not keep: worse than none"),
    DebriefNoneAsked => ("{name}没有被要求承诺", "{name} was asked for no promises"),
    DebriefDeclinedAll => ("{name}没有随意许诺，得体地拒绝了 {d} 次", "{name} promised nothing rashly and declined {d} well"),
    DebriefFlatNo => ("{name}没有许诺，但没有一次拒绝得得体", "{name} promised nothing, but declined none well"),
    DebriefKeptOnly => ("{name}许下 {m} 个能兑现的承诺", "{name} made {m} promise(s) they can keep"),
    DebriefKept => ("{name}许下 {m} 个能兑现的承诺，得体地拒绝了 {d} 次", "{name} made {m} promise(s) they can keep and declined {d} well"),
    ReportGroupGamesHint => (
        "003 的承诺游戏和责任游戏。每轮的计数记的是这一轮的客户服务人员。",
        "003's promise and responsibility games. Each round's count is for that round's service agent."
    ),
    ReportNoGroupGames => ("本课还没有小组游戏。", "No group games in this class yet."),
    PairsCount => ("{n} 组", "{n} pairs"),
    RoundColumn => ("轮次", "Round"),
}

/// `key` in `lang` with each `{name}` replaced by its value, for the phrases that carry a number or a name
/// (the map's and the report's). A name the phrase does not hold is left out; a `{name}` without a value
/// stays as written, so a test sees it.
pub fn fill(key: Phrase, lang: Lang, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut text = tr(key, lang).to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), &value.to_string());
    }
    text
}

/// A balance as a trainee reads it on a 0–100 scale: "余额 62" / "balance 62", or below zero the account
/// closed with the overdraft in words ("账户已关闭（透支 46）" / "account closed (overdrawn by 46)").
pub fn balance_words(balance: i32, lang: Lang) -> String {
    if balance < 0 {
        overdrawn(balance, lang)
    } else {
        format!("{} {balance}", tr(Phrase::MapBalance, lang))
    }
}

/// A balance as a table cell shows it: the number, or below zero the account closed with the overdraft
/// in words (the scale the documents give is 0–100; "−46" on it means nothing to a reader).
pub fn balance_value(balance: i32, lang: Lang) -> String {
    if balance < 0 {
        overdrawn(balance, lang)
    } else {
        balance.to_string()
    }
}

fn overdrawn(balance: i32, lang: Lang) -> String {
    fill(Phrase::Overdrawn, lang, &[("amount", &balance.unsigned_abs())])
}

/// `text` in quotation marks: 「…」 in Chinese, “…” in English.
pub fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("「{text}」"),
        Lang::En => format!("“{text}”"),
    }
}

/// The label separator: a full-width colon in Chinese, ": " in English.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// After too many wrong trainer PINs: how long before the next one is tried.
pub fn pin_wait(seconds: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("密码错误次数过多，请 {seconds} 秒后再试。"),
        Lang::En => format!("Too many wrong PINs: try again in {seconds} seconds."),
    }
}

/// "第3步" / "step 3".
pub fn step_label(number: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{number}步"),
        Lang::En => format!("step {number}"),
    }
}

/// "第2步，共6步" / "Step 2 of 6".
pub fn step_of(number: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{number}步，共{total}步"),
        Lang::En => format!("Step {number} of {total}"),
    }
}

/// "Agent (A): Ann · Customer player (B): Bob".
pub fn roles_line(agent: &str, customer: &str, lang: Lang) -> String {
    format!(
        "{}{}{agent} · {}{}{customer}",
        tr(Phrase::Agent, lang),
        colon(lang),
        tr(Phrase::CustomerPlayer, lang),
        colon(lang)
    )
}

/// "第1轮" / "Round 1".
pub fn round_label(number: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{number}轮"),
        Lang::En => format!("Round {number}"),
    }
}
