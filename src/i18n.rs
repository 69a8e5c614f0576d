//! Interface strings in both languages. Scenario text lives in the scenario files.

use goodwill_engine::Lang;

macro_rules! keys {
    ($($key:ident => ($zh:expr, $en:expr),)*) => {
        /// Every interface string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        /// The string for `key` in `lang`.
        pub fn tr(key: Key, lang: Lang) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::Zh) => $zh, (Key::$key, Lang::En) => $en,)*
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
    YourAnswer => ("你的回答", "Your answer"),
    ToQuit => ("退出", "to quit"),
    PleaseType => ("请输入", "Please type"),
    Account => ("账户", "Account"),
    Interest => ("利息", "interest"),
    Repeated => ("重复", "repeated"),
    PromiseOpened => ("许下承诺", "Promise made"),
    PromiseKept => ("兑现承诺", "promise kept"),
    PromiseBroken => ("违背承诺", "promise broken"),
    PromiseUnkept => ("未兑现的承诺", "promise left unkept"),
    OpenPromises => ("未兑现的承诺", "Open promises"),
    NoOpenPromises => ("(无)", "(none)"),
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
    KeysHint => ("数字键 1–4 选择 · 空格 跳过 · Esc 暂停", "Keys 1–4 choose · Space skips · Esc pauses"),
    MenuHint => ("↑↓ 选择 · Enter 确认 · Esc 返回", "↑↓ select · Enter confirm · Esc back"),
    ReloadFailed => ("修改后的文件有错误，仍使用上一个正确版本", "The edited file has errors; still using the last good version"),
    Loading => ("载入中……", "Loading…"),
}
