//! The one integration-test binary (each test binary links Bevy, so there is only one): the command line
//! as a trainer runs it, the headless game driven by the same keys and clicks a player uses, and the font.
//! Each module covers one part of what a user does; what they share is in `harness`.

mod harness;

mod accuracy;
mod class;
mod class_vote;
mod controls;
mod font;
mod group_games;
mod guide;
mod hostile_input;
mod layout;
mod lrs;
mod lrs_keyring;
mod lrs_settings;
mod pair;
mod pair_phone;
mod play;
mod reflection;
mod results_folder;
mod scenario_tools;
mod settings;
mod sheet;
mod terminal;
mod turns;
