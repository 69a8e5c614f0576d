//! Floor 5 · Who is playing, at the top of the play screen: the trainee the attempt is recorded under (in a pair
//! round, the agent and the customer's voice), or that nothing is saved. At a shared machine the next
//! trainee sees at once whose attempt is on screen.

use bevy::prelude::*;

use crate::game::palette;
use crate::game::run::ActiveRun;
use crate::game::theme::{Localized, label};
use crate::i18n::{Phrase, colon, roles_line, tr};

/// Marks the line, for tests.
#[derive(Component)]
pub struct WhoPlays;

/// "学员：王芳", "客服（A）：Ann · 顾客扮演者（B）：Bob", "全班投票：周一新人班", or "未选择学员（成绩不保存）".
pub(super) fn who_plays(run: &ActiveRun) -> impl Bundle {
    let trainee = run.trainee.clone();
    let customer = run.pair.as_ref().map(|round| round.customer.clone());
    // A class vote is the class's attempt, not a trainee's.
    let class = run.class_vote.as_ref().map(|vote| vote.class.clone());
    (
        WhoPlays,
        label(
            Localized::dynamic(move |lang| match (&trainee, &customer) {
                _ if class.is_some() => {
                    format!(
                        "{}{}{}",
                        tr(Phrase::ClassVote, lang),
                        colon(lang),
                        class.as_deref().unwrap_or_default()
                    )
                }
                (Some(agent), Some(customer)) => roles_line(agent, customer, lang),
                (Some(name), None) => format!("{}{}{name}", tr(Phrase::Trainee, lang), colon(lang)),
                (None, _) => tr(Phrase::NoTrainee, lang).to_owned(),
            }),
            0.9,
            palette::MUTED,
        ),
    )
}
