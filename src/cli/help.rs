//! The command line's help in both languages. Clap writes its headings ("Usage", "Options", "Commands") and
//! its own flags in English; here every command gets Chinese-first ones, like the rest of Goodwill.

use clap::{Arg, ArgAction, Command};

/// Clap's default layout with the usage heading in both languages.
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法 / Usage: {usage}\n\n{all-args}{after-help}";

/// `command` and all its subcommands with bilingual headings and help and version flags.
pub fn bilingual(command: Command) -> Command {
    let has_version = command.get_version().is_some();
    let command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令 / Commands")
        .mut_args(|arg| {
            if arg.get_help_heading().is_some() {
                arg
            } else if arg.is_positional() {
                arg.help_heading("参数 / Arguments")
            } else {
                arg.help_heading("选项 / Options")
            }
        })
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助 / Print help")
                .help_heading("选项 / Options"),
        )
        .mut_subcommands(bilingual);
    if has_version {
        command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本 / Print version")
                .help_heading("选项 / Options"),
        )
    } else {
        command
    }
}
