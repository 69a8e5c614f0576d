//! The command line: scenario tools, terminal play, results and reports; no subcommand opens the game.

pub mod analyze;
pub mod check;
pub mod help;
pub mod lrs;
pub mod new;
pub mod output;
pub mod play;
pub mod results;
pub mod sheet;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use goodwill_engine::Lang;

/// Help is written Chinese first, then English (`中文 / English`), like the game.
#[derive(Debug, Parser)]
#[command(
    name = "goodwill",
    version,
    about = "善意：客户投诉处理角色扮演训练。不带命令时打开游戏窗口。\n\
             Goodwill: complaint-handling role-play training. With no command, opens the game window."
)]
pub struct Cli {
    /// 成绩保存位置（游戏窗口用；默认 $GOODWILL_DATA_DIR，否则系统数据目录，Linux 上为 ~/.local/share/goodwill）
    /// / Where results are kept (default: $GOODWILL_DATA_DIR, else the OS data directory, ~/.local/share/goodwill
    /// on Linux).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// 以此像素大小打开游戏窗口，例如投影仪用 1920x1080（默认 1280x720）
    /// / Open the game window at this size in pixels, e.g. 1920x1080 for a projector (default 1280x720).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub window_size: Option<(u32, u32)>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--data-dir` for the commands that read or write the results database, and only those.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DataDir {
    /// 成绩数据库所在文件夹（默认 $GOODWILL_DATA_DIR，否则系统数据目录）
    /// / The folder of the results database (default: $GOODWILL_DATA_DIR, else the OS data directory).
    #[arg(long = "data-dir", value_name = "DIR", global = true)]
    pub dir: Option<PathBuf>,
}

/// What `goodwill report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// 每次练习一行，供电子表格使用 / One row per attempt, for a spreadsheet.
    Csv,
    /// 全班投票：每人每步一行 / Class votes: one row per trainee's vote at each step.
    Votes,
    /// 小组游戏（承诺游戏、责任游戏）：每对每轮一行 / Group games (promise, responsibility): one row per pair and round.
    GroupGames,
    /// 独立网页：内嵌样式和 SVG 图表，无脚本 / A self-contained page: inline CSS and SVG, no scripts.
    Html,
    /// 供学习记录系统（LRS）使用的 xAPI 语句（JSON） / xAPI statements (JSON) for a learning record store.
    #[value(alias = "json")]
    Xapi,
}

impl ReportFormat {
    /// The report on `data` in this format: the store writes the data formats, `pages` draws the page.
    pub fn render(self, data: &goodwill_store::report::ReportData, lang: goodwill_engine::Lang) -> Vec<u8> {
        use goodwill_store::report::{Format, render};
        match self {
            ReportFormat::Csv => render(Format::Csv, data, lang),
            ReportFormat::Votes => render(Format::Votes, data, lang),
            ReportFormat::GroupGames => render(Format::GroupGames, data, lang),
            ReportFormat::Html => crate::pages::class_report::page(data, lang).into_bytes(),
            ReportFormat::Xapi => render(Format::Xapi, data, lang),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查剧本文件，每个问题都注明 文件:行:列 / Parse and validate scenario files; report every problem with
    /// file:line:column.
    Check {
        /// 要检查的文件或文件夹（默认：剧本文件夹） / Files or directories (default: the scenarios directory).
        paths: Vec<PathBuf>,
    },
    /// 从一个可检查、可游玩的骨架新建剧本文件（scenarios/ID.ron） / Start a new scenario file from a skeleton that
    /// already checks and plays (scenarios/ID.ron).
    New {
        /// 新剧本的 id：小写字母、数字和连字符 / The new scenario's id: lowercase letters, digits and dashes.
        id: String,
        /// 案例改编自哪份文件：000、001、002、003 或 004 / The document the case is adapted from: 000, 001, 002, 003
        /// or 004.
        #[arg(long, value_name = "NUMBER")]
        from_document: String,
        /// 写到这个文件，而不是剧本文件夹（绝不覆盖已有文件） / Write here instead of the scenarios directory (never
        /// over an existing file).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// 在终端里练习一个案例（交互，或用 --choices 按脚本） / Play a scenario in the terminal (interactive, or
    /// scripted with --choices).
    Play {
        /// 在终端里玩（play 唯一的方式；为脚本保留） / Play in the terminal (the only mode of `play`; kept explicit
        /// for scripts).
        #[arg(long)]
        text: bool,
        /// 剧本文件，或剧本文件夹中某个剧本的 id / A scenario file, or the id of a scenario in the scenarios
        /// directory.
        scenario: String,
        /// 语言：zh（中文，默认）或 en（英文） / Language: zh (Chinese, the default) or en (English).
        #[arg(long, default_value = "zh", value_name = "zh|en")]
        lang: Lang,
        /// 决定顾客措辞和选项顺序的种子；不指定时交互练习每次随机抽取并显示，--choices 脚本用 1；同样的种子和选择可重现同一局
        /// / Seed for the customer's wordings and the answer order; without it interactive play draws a fresh one and
        /// shows it, and a --choices script uses 1. The same seed and choices replay the same run.
        #[arg(long, value_name = "NUMBER")]
        seed: Option<u64>,
        /// 按文件顺序编号（从 1 起）的选择，逗号分隔，例如 1,3,2（不再询问） / 1-based choices in file order,
        /// comma-separated, e.g. 1,3,2 (plays without asking).
        #[arg(long, value_delimiter = ',', value_name = "N,N,…")]
        choices: Option<Vec<usize>>,
        /// 结果以 JSON 输出到 stdout（对话记录改到 stderr） / Print the result as JSON on stdout (the transcript goes
        /// to stderr).
        #[arg(long)]
        json: bool,
        /// 记在这名学员名下（新名字会自动创建）；不指定则不保存 / Record the attempt under this trainee (created if
        /// new); without it nothing is saved.
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// 计入这个培训课（需要 --profile） / Record it as part of this class session (needs --profile).
        #[arg(long, requires = "profile", value_name = "CLASS")]
        session: Option<String>,
        #[command(flatten)]
        data: DataDir,
    },
    /// 遍历剧本的每条路径：路径数、最好与最差、可达结局、余额范围 / Explore every path of a scenario: path count,
    /// best and worst, reachable outcomes, balance ranges.
    Analyze {
        /// 剧本文件，或剧本文件夹中某个剧本的 id / A scenario file, or the id of a scenario in the scenarios
        /// directory.
        scenario: String,
        /// 另外随机模拟 N 局（1–100000），统计每个节点和结局到达的次数 / Also play N seeded random playthroughs
        /// (1–100000) and count how often each node and ending is reached.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(analyze::MAX_RANDOM_RUNS)))]
        random: Option<u32>,
        /// --random 模拟所用的种子（默认 1；同一种子结果相同） / Seed of the --random playthroughs (default 1; the same
        /// seed gives the same counts).
        #[arg(long, default_value_t = 1, value_name = "NUMBER")]
        seed: u64,
        /// 以 JSON 输出分析结果，而不是文字 / Print the analysis as JSON instead of text.
        #[arg(long)]
        json: bool,
        /// 把对话画成图，写入此文件（.svg，或 .html 生成网页） / Draw the conversation as a graph to this file (.svg,
        /// or .html for a page around it).
        #[arg(long, value_name = "FILE")]
        graph: Option<PathBuf>,
        /// 与 --graph 同用：再画出这条路径（文件顺序、从 1 起的选择），例如 2,1,3 / With --graph: also draw this path
        /// of 1-based choices in file order (a trainee's run), e.g. 2,1,3.
        #[arg(long, value_delimiter = ',', requires = "graph", value_name = "N,N,…")]
        path: Option<Vec<usize>>,
    },
    /// 把案例导出成电子表格（xlsx 或 CSV）编辑，再导回剧本文件 / A case as a spreadsheet (xlsx or CSV) to edit, and
    /// back to a scenario file.
    Sheet {
        #[command(subcommand)]
        command: SheetCommand,
    },
    /// 学员档案 / Trainee profiles.
    Profile {
        #[command(flatten)]
        data: DataDir,
        #[command(subcommand)]
        command: ProfileCommand,
    },
    /// 培训师的培训课：有哪些学员、练哪些案例 / A trainer's class sessions: who is in them and which scenarios they
    /// play.
    Class {
        #[command(flatten)]
        data: DataDir,
        #[command(subcommand)]
        command: ClassCommand,
    },
    /// 把成绩写成文件，供另一台电脑导入（全部，或一个培训课的） / Write results to a file another machine can import
    /// (all results, or one class session's).
    Export {
        /// 只导出这个培训课 / Only this class session.
        #[arg(long, value_name = "CLASS")]
        session: Option<String>,
        /// 要写入的文件（JSON；绝不写到数据库文件上） / The file to write (JSON; never over the database's own
        /// files).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        data: DataDir,
    },
    /// 把其他电脑导出的文件并入本机成绩，不会重复 / Merge export files from other machines into this one's results;
    /// nothing is added twice.
    Import {
        /// 由 goodwill export 导出的 JSON 文件，一个或多个（全部成功才导入） / One or more JSON files written by
        /// `goodwill export` (all go in, or none).
        #[arg(required = true, value_name = "FILES")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        data: DataDir,
    },
    /// 本机的练习记录：列出、在终端继续未完成的，或放弃 / Attempts on this machine: list them, resume an unfinished
    /// one in the terminal, or discard it.
    Attempts {
        #[command(flatten)]
        data: DataDir,
        #[command(subcommand)]
        command: AttemptsCommand,
    },
    /// 把一个培训课的成绩写成 CSV、独立网页（HTML）或 xAPI 语句（JSON） / Write a class session's results as CSV, a
    /// self-contained HTML page, or xAPI statements (JSON).
    Report {
        /// 培训课名称 / The class session's name.
        #[arg(long, value_name = "CLASS")]
        session: String,
        /// 格式：csv、html 或 xapi（json） / Format: csv, html or xapi (json).
        #[arg(long, value_parser = parse_report_format, value_name = "csv|html|xapi")]
        format: ReportFormat,
        /// 要写入的文件（绝不写到数据库文件上） / The file to write (never over the database's own files).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 报告语言：zh（中文，默认）或 en（英文） / The report's language: zh (Chinese, the default) or en (English).
        #[arg(long, default_value = "zh", value_name = "zh|en")]
        lang: Lang,
        #[command(flatten)]
        data: DataDir,
    },
    /// 学习记录系统（LRS，xAPI）：发送待发的成绩、查看状态、取回培训课成绩 / The learning record store (LRS, xAPI):
    /// send waiting results, see where things stand, read a class session's results back.
    Lrs {
        #[command(flatten)]
        data: DataDir,
        #[command(subcommand)]
        command: LrsCommand,
    },
}

/// Where the LRS is: on the command line, or the settings file's.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LrsTarget {
    /// LRS 的 xAPI 地址，例如 http://127.0.0.1:8100/xAPI（默认：设置中保存的） / The LRS's xAPI base, e.g.
    /// http://127.0.0.1:8100/xAPI (default: the one saved in the settings).
    #[arg(long, value_name = "URL", global = true)]
    pub endpoint: Option<String>,
    /// LRS 用户名；密码取自环境变量 GOODWILL_LRS_PASSWORD，否则取自系统钥匙串 / The LRS user name; the password
    /// comes from the environment variable GOODWILL_LRS_PASSWORD, else from the OS keyring.
    #[arg(long, value_name = "NAME", global = true)]
    pub user: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LrsCommand {
    /// 把待发的成绩分批发送到 LRS（中断后再发也不会重复） / Send the waiting results to the LRS in batches (sending
    /// again after an interruption stores nothing twice).
    Push {
        /// 只发送这个培训课的 / Only this class session's.
        #[arg(long, value_name = "CLASS")]
        session: Option<String>,
        /// 先把被 LRS 拒收而搁置的语句放回队列 / First put the statements the LRS refused (parked) back in the
        /// queue.
        #[arg(long)]
        retry_parked: bool,
        #[command(flatten)]
        target: LrsTarget,
    },
    /// 待发、已发、搁置的数量，最后一个错误，以及 LRS 是否应答 / How many are waiting, sent and parked, the last
    /// error, and whether the LRS answers.
    Status {
        /// 只看这个培训课的 / Only this class session's.
        #[arg(long, value_name = "CLASS")]
        session: Option<String>,
        #[command(flatten)]
        target: LrsTarget,
    },
    /// 从 LRS 取回一个培训课的成绩（其他电脑、其他地点练的），与导入同样检查 / Read a class session's results back
    /// from the LRS (played on other machines, at other sites), with the checks an import applies.
    Pull {
        /// 培训课名称 / The class session's name.
        #[arg(long, value_name = "CLASS")]
        session: String,
        #[command(flatten)]
        target: LrsTarget,
    },
    /// 把 LRS 密码存入或移出系统钥匙串（从不显示） / Keep the LRS password in the OS keyring, or forget it (never
    /// shown).
    Password {
        #[command(subcommand)]
        command: LrsPasswordCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum LrsPasswordCommand {
    /// 从标准输入读取密码（终端中不回显），存入系统钥匙串 / Read the password from standard input (not echoed in a
    /// terminal) and keep it in the OS keyring.
    Set {
        #[command(flatten)]
        target: LrsTarget,
    },
    /// 从系统钥匙串中删除这个用户的密码 / Remove this user's password from the OS keyring.
    Forget {
        #[command(flatten)]
        target: LrsTarget,
    },
}

#[derive(Debug, Subcommand)]
pub enum SheetCommand {
    /// 把一个案例写成电子表格：每个选项一行，另有案例、承诺、事件、结局和词表 / Write a case as a spreadsheet: a row
    /// per choice, and sheets for the case, its promises, events and endings, and the tag glossary.
    Export {
        /// 剧本 id，或剧本文件 / A scenario id, or a scenario file.
        case: String,
        /// 要写入的文件：.xlsx 或 .csv / The file to write: .xlsx or .csv.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 覆盖已有的文件 / Write over an existing file.
        #[arg(long)]
        force: bool,
    },
    /// 把编辑过的电子表格变回剧本文件，并用游戏的检查逐格报告问题 / Turn an edited spreadsheet back into a scenario
    /// file, checked by the game's rules, with every problem named by its sheet and cell.
    Import {
        /// 由 sheet export 写出并编辑过的 .xlsx 或 .csv 文件 / The .xlsx or .csv file (written by `sheet export`,
        /// then edited).
        file: PathBuf,
        /// 要写入的剧本文件（.ron） / The scenario file to write (.ron).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 覆盖已有的剧本文件 / Write over an existing scenario file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// 新建学员档案 / Create a trainee profile.
    Add {
        /// 学员姓名 / The trainee's name.
        name: String,
    },
    /// 列出学员及其完成的练习次数 / List profiles with their number of finished attempts.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AttemptsCommand {
    /// 列出练习记录，未完成的最新的在前：id、学员、案例、开始时间、步数、结果 / List attempts, newest unfinished
    /// first: id, trainee, case, start, decisions, outcome.
    List {
        /// 只列出可继续或放弃的未完成练习 / Only the unfinished attempts that can be resumed or discarded.
        #[arg(long)]
        unfinished: bool,
        /// 只列出这名学员的 / Only this trainee's.
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
    /// 从中断处继续一次未完成的练习，记入同一条记录 / Play an unfinished attempt on from where it stopped, recording
    /// into the same attempt.
    Resume {
        /// 练习的 id，或其前 8 个以上字符 / The attempt's id, or its first 8 or more characters.
        id: String,
        /// 语言：zh（中文，默认）或 en（英文） / Language: zh (Chinese, the default) or en (English).
        #[arg(long, default_value = "zh", value_name = "zh|en")]
        lang: Lang,
        /// 剩余步骤的选择（文件顺序、从 1 起），逗号分隔（不再询问） / 1-based choices for the remaining steps,
        /// comma-separated (plays without asking).
        #[arg(long, value_delimiter = ',', value_name = "N,N,…")]
        choices: Option<Vec<usize>>,
        /// 结果以 JSON 输出到 stdout（对话记录改到 stderr） / Print the result as JSON on stdout (the transcript goes
        /// to stderr).
        #[arg(long)]
        json: bool,
    },
    /// 放弃一次未完成的练习：不再提供继续，但记录保留 / Set an unfinished attempt aside: it is no longer offered for
    /// resuming but stays on record.
    Discard {
        /// 练习的 id，或其前 8 个以上字符 / The attempt's id, or its first 8 or more characters.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// 新建培训课（或给已有的培训课添加学员和案例） / Create a class session (or add trainees and scenarios to an
    /// existing one).
    New {
        /// 培训课名称 / The class session's name.
        name: String,
        /// 学员姓名，逗号分隔（--trainees 王芳,李明,Ann），可多次给出；姓名本身含逗号的用 --trainee / Trainee names,
        /// comma-separated (`--trainees 王芳,李明,Ann`); may be given more than once. A name that itself contains a
        /// comma goes in --trainee.
        #[arg(
            long,
            value_delimiter = ',',
            required_unless_present = "trainee",
            value_name = "NAME,NAME,…"
        )]
        trainees: Vec<String>,
        /// 一个学员姓名，原样保留（可含逗号，如 --trainee "Smith, Ann"），可多次给出，可与 --trainees 同用 / One
        /// trainee name exactly as typed, commas included (`--trainee "Smith, Ann"`); may be given more than once,
        /// and together with --trainees.
        #[arg(long, value_name = "NAME")]
        trainee: Vec<String>,
        /// 剧本 id，逗号分隔（新培训课默认全部案例） / Scenario ids, comma-separated (default for a new class: every
        /// scenario).
        #[arg(long, value_delimiter = ',', value_name = "ID,ID,…")]
        scenarios: Vec<String>,
    },
    /// 列出培训课 / List class sessions.
    List,
    /// 显示培训课的 学员 × 案例 成绩 / Show a class session's trainee × scenario results.
    Show {
        /// 培训课名称 / The class session's name.
        name: String,
    },
}

/// Any spelling clap's `ValueEnum` accepts (case-insensitive, aliases), with an error that names the
/// formats.
fn parse_report_format(text: &str) -> Result<ReportFormat, String> {
    <ReportFormat as clap::ValueEnum>::from_str(text, true)
        .map_err(|_| format!("unknown format {}: use csv, html or xapi", goodwill_engine::quote(text)))
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X', '×'])
        .ok_or("expected WIDTHxHEIGHT, e.g. 1920x1080")?;
    let parse = |n: &str| n.trim().parse::<u32>().ok().filter(|v| (320..=8192).contains(v));
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err("width and height must be whole numbers of pixels between 320 and 8192".into()),
    }
}

/// Runs a subcommand and returns the process exit code. `data_dir` is the top-level `--data-dir` (the
/// game's, still accepted before any command); a command's own `--data-dir` comes first.
pub fn run(command: Command, data_dir: Option<&std::path::Path>) -> i32 {
    let own = match &command {
        Command::Play { data, .. }
        | Command::Profile { data, .. }
        | Command::Class { data, .. }
        | Command::Export { data, .. }
        | Command::Import { data, .. }
        | Command::Attempts { data, .. }
        | Command::Report { data, .. }
        | Command::Lrs { data, .. } => data.dir.clone(),
        Command::Check { .. } | Command::New { .. } | Command::Analyze { .. } | Command::Sheet { .. } => None,
    };
    let data_dir = own.as_deref().or(data_dir);
    let store = || results::open_store(data_dir);
    // Every file a command writes goes through this guard, which refuses the results database's files.
    let guard = goodwill_store::output::OutputGuard::for_data_dir(&goodwill_store::data_dir(data_dir));
    let result = match command {
        Command::Check { paths } => check::run(&paths),
        Command::New { id, from_document, out } => new::run(&id, &from_document, out.as_deref(), &guard),
        Command::Play {
            text: _,
            scenario,
            lang,
            seed,
            choices,
            json,
            profile,
            session,
            data: _,
        } => match profile {
            Some(name) => store().and_then(|s| {
                s.require_writable().map_err(|e| e.to_string())?;
                if let Some(class) = &session {
                    s.require_class(class).map_err(|e| e.to_string())?;
                }
                let recording = play::Recording {
                    store: &s,
                    profile: &name,
                    class: session.as_deref(),
                };
                play::run(&scenario, lang, seed, choices.as_deref(), json, Some(recording))
            }),
            None => play::run(&scenario, lang, seed, choices.as_deref(), json, None),
        },
        Command::Analyze {
            scenario,
            random,
            seed,
            json,
            graph,
            path,
        } => analyze::run(&scenario, random, seed, json).and_then(|code| match graph {
            Some(out) => analyze::draw(&scenario, &out, path.as_deref(), &guard).map(|()| code),
            None => Ok(code),
        }),
        Command::Sheet { command } => match command {
            SheetCommand::Export { case, out, force } => sheet::export(&case, &out, force, &guard),
            SheetCommand::Import { file, out, force } => sheet::import(&file, &out, force, &guard),
        },
        Command::Profile { command, .. } => match command {
            ProfileCommand::Add { name } => store().and_then(|s| results::profile_add(&s, &name)),
            ProfileCommand::List => store().and_then(|s| results::profile_list(&s)),
        },
        Command::Class { command, .. } => match command {
            ClassCommand::New {
                name,
                mut trainees,
                trainee,
                mut scenarios,
            } => store().and_then(|s| {
                trainees.extend(trainee);
                // A new class gets every scenario unless told otherwise; an existing one keeps its list.
                let exists = s.class(&name).map_err(|e| e.to_string())?.is_some();
                if scenarios.is_empty() && !exists {
                    scenarios = results::scenario_titles().into_keys().collect();
                }
                results::class_new(&s, &name, &trainees, &scenarios)
            }),
            ClassCommand::List => store().and_then(|s| results::class_list(&s)),
            ClassCommand::Show { name } => store().and_then(|s| results::class_show(&s, &name)),
        },
        Command::Export { session, out, .. } => store().and_then(|s| results::export(&s, session.as_deref(), &out)),
        Command::Import { files, .. } => store().and_then(|s| results::import(&s, &files)),
        Command::Report {
            session,
            format,
            out,
            lang,
            ..
        } => store().and_then(|s| results::report(&s, &session, format, &out, lang)),
        Command::Lrs { command, .. } => {
            let target = |t: LrsTarget| lrs::Target {
                endpoint: t.endpoint,
                user: t.user,
            };
            match command {
                LrsCommand::Push {
                    session,
                    retry_parked,
                    target: t,
                } => store().and_then(|s| lrs::push(&s, &target(t), session.as_deref(), retry_parked)),
                LrsCommand::Status { session, target: t } => {
                    store().and_then(|s| lrs::status(&s, &target(t), session.as_deref()))
                }
                LrsCommand::Pull { session, target: t } => store().and_then(|s| lrs::pull(&s, &target(t), &session)),
                LrsCommand::Password {
                    command: LrsPasswordCommand::Set { target: t },
                } => lrs::password_set(&target(t)),
                LrsCommand::Password {
                    command: LrsPasswordCommand::Forget { target: t },
                } => lrs::password_forget(&target(t)),
            }
        }
        Command::Attempts { command, .. } => match command {
            AttemptsCommand::List { unfinished, profile } => {
                store().and_then(|s| results::attempts_list(&s, unfinished, profile.as_deref()))
            }
            AttemptsCommand::Resume {
                id,
                lang,
                choices,
                json,
            } => store().and_then(|s| {
                s.require_writable().map_err(|e| e.to_string())?;
                results::attempts_resume(&s, &id, lang, choices.as_deref(), json)
            }),
            AttemptsCommand::Discard { id } => store().and_then(|s| results::attempts_discard(&s, &id)),
        },
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("goodwill: {message}");
            2
        }
    }
}

/// Loads one playable scenario or explains why it cannot be played.
/// A scenario whose paths can be followed: a playable one (no errors listed), or one whose only errors
/// leave its paths as written (a missing translation, an ending no path reaches), with those errors.
/// Any other error refuses, as [`load_playable`] does.
pub fn load_analysable(arg: &str) -> Result<(goodwill_engine::Scenario, Vec<String>), String> {
    let path = crate::paths::resolve_scenario(arg)?;
    let loaded = goodwill_engine::load_file(&path);
    let errors: Vec<String> = loaded.errors().map(ToString::to_string).collect();
    match (loaded.scenario, loaded.draft) {
        (Some(s), _) => Ok((s, Vec::new())),
        (None, Some(draft)) => Ok((draft, errors)),
        (None, None) => Err(format!(
            "{} cannot be analysed (its errors change the paths through it):\n{}",
            path.display(),
            errors.join("\n")
        )),
    }
}

pub fn load_playable(arg: &str) -> Result<goodwill_engine::Scenario, String> {
    let path = crate::paths::resolve_scenario(arg)?;
    let loaded = goodwill_engine::load_file(&path);
    match loaded.scenario {
        Some(s) => Ok(s),
        None => {
            let lines: Vec<String> = loaded.errors().map(ToString::to_string).collect();
            Err(format!("{} cannot be played:\n{}", path.display(), lines.join("\n")))
        }
    }
}
