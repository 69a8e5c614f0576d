//! The scenario file format: one RON file per scenario, written by trainers. See `docs/authoring.md`.

use crate::principles::{AntiPattern, Principle, Source};
use crate::text::Bilingual;
use serde::{Deserialize, Serialize};

/// Largest deposit or withdrawal one choice may carry, so no single line decides a whole case.
pub const MAX_EFFECT: i32 = 40;
/// The balance scale tops out here (see [`crate::account`]).
pub const MAX_BALANCE: i32 = 100;

/// One role-play case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier: results are stored against it, so never change it once published.
    pub id: String,
    /// Bump when the content changes in a way that makes old results incomparable.
    #[serde(default = "default_version")]
    pub version: u32,
    pub title: Bilingual,
    /// One line: where and when this happens.
    pub setting: Bilingual,
    /// The document this case is adapted from.
    pub source: Source,
    pub difficulty: Difficulty,
    pub customer: Customer,
    /// Who the player speaks as.
    pub agent: Bilingual,
    /// Promises the agent can make in this case; choices open, keep or break them by id.
    #[serde(default)]
    pub promises: Vec<PromiseDef>,
    /// Things that happen in the story on some paths only (the suit came back cleaned): choices `marks`
    /// them, and conditions (`Happened`, `NotHappened`) choose lines and endings by them.
    #[serde(default)]
    pub events: Vec<EventDef>,
    /// Id of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
    /// One ending per outcome tier; the engine picks the one the final balance earns.
    pub endings: Endings,
    /// What the customer player reads before a pair exercise (hidden from the agent player).
    #[serde(default)]
    pub role_card: Option<RoleCard>,
    /// The case round two of a pair exercise plays after this one (the same case when absent).
    #[serde(default)]
    pub pair_with: Option<String>,
    /// One or two questions the trainee may answer in their own words after the debrief, tying the case
    /// to their own job (the documents' 思维启蒙). Adding or rewording one needs no `version` bump: an
    /// answer is stored with the question's words as they were asked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reflection: Vec<Bilingual>,
}

/// Most reflection questions a case may carry: more would turn a closing thought into homework.
pub const MAX_REFLECTION_QUESTIONS: usize = 2;

/// The customer's brief for the classroom pair exercise (003's role-play games).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleCard {
    /// What happened to the customer, in the second person.
    pub happened: Bilingual,
    /// What the customer wants from this conversation.
    pub wants: Bilingual,
    /// How upset they are, and how to play it.
    pub upset: Bilingual,
}

fn default_version() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn label(self) -> Bilingual {
        match self {
            Difficulty::Easy => Bilingual::new("入门", "Easy"),
            Difficulty::Medium => Bilingual::new("进阶", "Medium"),
            Difficulty::Hard => Bilingual::new("困难", "Hard"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: Bilingual,
    /// Who they are and what they want (shown on the scenario card and the role card).
    pub persona: Bilingual,
    /// The account balance right after the incident, 0–100 (50 is neutral).
    pub starting_balance: i32,
    /// How quickly they anger, in percent: 100 is ordinary, 150 is short-tempered, 50 is patient.
    /// It scales the interest charged on withdrawals while they are upset.
    #[serde(default = "default_temper")]
    pub temper: i32,
    /// How the portrait draws them; when absent it is read from the name's title (先生/Mr, 女士/Ms …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// How the portrait draws them; when absent it is read from the title and the persona.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<Age>,
    /// Whether the portrait wears glasses; when absent, a stable pick from the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glasses: Option<bool>,
}

/// Who the portrait shows, for [`Customer::sex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Female,
    Male,
}

/// Roughly how old the customer is, for [`Customer::age`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Age {
    Young,
    Middle,
    Older,
}

/// How a customer's portrait looks: what the file says, else what the name and persona suggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Appearance {
    pub sex: Sex,
    pub age: Age,
    pub glasses: bool,
    /// 0–3: which hairstyle of the sex, a stable pick from the name so two customers rarely match.
    pub hair: u8,
    /// 0–3: which colour of clothes, picked the same way.
    pub clothes: u8,
}

impl Customer {
    /// The portrait's look. Titles decide sex (先生 Mr · 女士 小姐 Ms Miss Mrs); 小姐/Miss and a persona
    /// that says young (年轻 / young) make them young; 老板 总 阿姨 大爷 Boss or an older persona older.
    pub fn appearance(&self) -> Appearance {
        let (zh, en) = (self.name.zh.as_str(), self.name.en.to_lowercase());
        let persona = format!("{} {}", self.persona.zh, self.persona.en.to_lowercase());
        let female = ["女士", "小姐", "阿姨", "太太"].iter().any(|t| zh.contains(t))
            || ["ms ", "miss ", "mrs ", "madam"]
                .iter()
                .any(|t| en.starts_with(t) || en.contains(t));
        let sex = self.sex.unwrap_or(if female { Sex::Female } else { Sex::Male });
        let young =
            zh.contains("小姐") || en.starts_with("miss ") || ["年轻", "young"].iter().any(|w| persona.contains(w));
        // A boss (老板, 刘总) is drawn older: grey at the temples.
        let older = ["阿姨", "大爷", "老先生", "老太太", "老板", "总"]
            .iter()
            .any(|t| zh.contains(t))
            || en.starts_with("boss ")
            || ["retired", "退休", "elderly"].iter().any(|w| persona.contains(w));
        let age = self.age.unwrap_or(if young {
            Age::Young
        } else if older {
            Age::Older
        } else {
            Age::Middle
        });
        // A stable pick (FNV-1a of the name), so a case always shows the same face.
        let hash = self
            .name
            .zh
            .bytes()
            .chain(self.name.en.bytes())
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        let glasses = self.glasses.unwrap_or(hash % 3 == 0);
        Appearance {
            sex,
            age,
            glasses,
            hair: ((hash >> 8) % 4) as u8,
            clothes: ((hash >> 16) % 4) as u8,
        }
    }
}

fn default_temper() -> i32 {
    100
}

/// A promise the agent may make, e.g. "your suit will be back, cleaned, before you leave".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseDef {
    pub id: String,
    pub text: Bilingual,
    /// Deposited when kept; withdrawn (with interest) when broken or still open at the end.
    pub value: i32,
    /// Words an ending or a feedback line would use to speak of this promise ("一小时", "within the
    /// hour"): the endings check warns when a text using one is reached by a path that never made it.
    #[serde(default)]
    pub words: Vec<String>,
    /// Words a text would use to say the promise was *not* made ("没答应", "never promised"): the check
    /// warns when a text using one is reached by a path that made it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_words: Vec<String>,
}

/// Something that happens in the story on some paths (`suit-cleaned`): a choice's `marks` makes it
/// happen, and endings say only what happened on the path that reaches them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    /// What happened, for the author and the checker's messages.
    pub text: Bilingual,
    /// Words a text would use to speak of it ("送洗", "cleaned"): see [`PromiseDef::words`].
    #[serde(default)]
    pub words: Vec<String>,
    /// Words a text would use to say it did *not* happen ("一身汤渍", "soup on his suit"): the check warns
    /// when a text using one is reached by a path that had it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_words: Vec<String>,
}

/// A moment in the conversation: the customer speaks, the agent answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// Optional stage direction shown before the customer speaks ("The owner walks in.").
    #[serde(default)]
    pub narration: Option<Bilingual>,
    /// What the customer says; with several wordings one is picked with the session's seed.
    #[serde(deserialize_with = "line_list")]
    pub customer: Vec<Bilingual>,
    /// Other things the customer may say here, each only when its conditions hold: the first variant
    /// whose `when` holds replaces `customer` (and `narration`, if it has one). Saves copying a node
    /// that differs only in how the customer reacts to an open, kept or broken promise.
    #[serde(default)]
    pub variants: Vec<LineVariant>,
    /// 2–4 things the agent may say (those whose `when` holds are offered, in an order drawn from the
    /// session's seed).
    #[serde(deserialize_with = "choice_list")]
    pub choices: Vec<Choice>,
}

/// A list read without spare room. serde's own list grows to four places before its first item is
/// stored, so a node's three choices held room for four (a fifth of a loaded file's memory), and a
/// block of four choices was just large enough to make the allocator tidy up on every node. Here the
/// list starts with room for the usual number of items, `usual`, and gives back what it did not use.
fn list_with_room<'de, D, T>(deserializer: D, usual: usize) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Listed<T>(usize, std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Listed<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            // What serde says for any list, so messages about a malformed list read as before.
            f.write_str("a sequence")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // Each item goes straight into its place (items are large: no staging copy).
            let mut list = Vec::with_capacity(self.0);
            while let Some(item) = seq.next_element()? {
                list.push(item);
            }
            list.shrink_to_fit();
            Ok(list)
        }
    }

    deserializer.deserialize_seq(Listed(usual, std::marker::PhantomData))
}

/// A node's choices: usually three.
fn choice_list<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Choice>, D::Error> {
    list_with_room(deserializer, 3)
}

/// A node's customer lines: usually one or two.
fn line_list<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Bilingual>, D::Error> {
    list_with_room(deserializer, 2)
}

/// A customer line (and optional narration) used only when its conditions hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineVariant {
    /// Every condition must hold.
    pub when: Vec<Condition>,
    #[serde(default)]
    pub narration: Option<Bilingual>,
    /// One or more wordings; the session's seed picks one.
    pub customer: Vec<Bilingual>,
}

/// When a choice or a customer line is offered. Conditions look at the account on arrival at the node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// The promise was made on this path and is still owed.
    PromiseOpen(String),
    /// The promise was made and kept.
    PromiseKept(String),
    /// The promise was made and broken.
    PromiseBroken(String),
    /// The promise has not been made on this path.
    PromiseNotMade(String),
    /// The balance is above this value.
    BalanceAbove(i32),
    /// The balance is below this value.
    BalanceBelow(i32),
    /// The event (an id from `events`) was marked by a choice on this path.
    Happened(String),
    /// The event was not marked on this path.
    NotHappened(String),
}

impl Condition {
    /// The promise id this condition looks at, if any.
    pub fn promise(&self) -> Option<&str> {
        match self {
            Condition::PromiseOpen(id)
            | Condition::PromiseKept(id)
            | Condition::PromiseBroken(id)
            | Condition::PromiseNotMade(id) => Some(id),
            _ => None,
        }
    }

    /// The event id this condition looks at, if any.
    pub fn event(&self) -> Option<&str> {
        match self {
            Condition::Happened(id) | Condition::NotHappened(id) => Some(id),
            _ => None,
        }
    }

    /// How a trainee or author reads it, e.g. "while promise `call-by-two` is open".
    pub fn describe(&self) -> String {
        match self {
            Condition::PromiseOpen(id) => format!("promise `{id}` is open"),
            Condition::PromiseKept(id) => format!("promise `{id}` was kept"),
            Condition::PromiseBroken(id) => format!("promise `{id}` was broken"),
            Condition::PromiseNotMade(id) => format!("promise `{id}` was not made"),
            Condition::BalanceAbove(v) => format!("the balance is above {v}"),
            Condition::BalanceBelow(v) => format!("the balance is below {v}"),
            Condition::Happened(id) => format!("event `{id}` happened"),
            Condition::NotHappened(id) => format!("event `{id}` did not happen"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the agent says.
    pub text: Bilingual,
    /// Positive deposits into the account, negative withdraws; -40..=40 before the model's adjustments.
    pub effect: i32,
    #[serde(default)]
    pub applies: Vec<Principle>,
    #[serde(default)]
    pub breaks: Vec<AntiPattern>,
    /// Opens a promise (an id from `promises`): a debt the agent now owes.
    #[serde(default)]
    pub promise: Option<String>,
    /// Promises this choice fulfils (deposit their value, if they were open).
    #[serde(default)]
    pub keeps: Vec<String>,
    /// Promises this choice fails to honour (withdraw their value with interest, if open).
    #[serde(default)]
    pub breaks_promises: Vec<String>,
    /// Events (ids from `events`) this choice makes happen on its path.
    #[serde(default)]
    pub marks: Vec<String>,
    /// Why this works or fails, in the trainee's language, naming the source.
    pub feedback: Bilingual,
    /// The document the feedback cites; defaults to the scenario's source.
    #[serde(default)]
    pub cites: Option<Source>,
    /// In a pair exercise the customer player rates how sincere the agent's spoken delivery of this line
    /// sounded, and the rating scales its deposit (see [`crate::account::sincerity_percent`]).
    #[serde(default)]
    pub rate_sincerity: bool,
    /// Offered only when every condition holds (see [`Condition`]); always offered when empty.
    #[serde(default)]
    pub when: Vec<Condition>,
    pub next: Next,
}

/// Where a choice leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Next {
    /// Continue at the node with this id.
    Node(String),
    /// The conversation is over; the outcome is decided by the balance.
    End,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endings {
    pub lost: Ending,
    pub resolved: Ending,
    pub retained: Ending,
    pub loyal: Ending,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub title: Bilingual,
    /// What the customer did next: it must be true of every path that ends here with no variant.
    pub epilogue: Bilingual,
    /// Other texts for this ending, each chosen by what the path did: the first variant whose `when` all
    /// hold on the final account state (after open promises are settled) replaces the default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<EndingVariant>,
}

/// An ending's text for the paths that meet its conditions (a promise broken, an event that never
/// happened …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndingVariant {
    /// Every condition must hold at the end.
    pub when: Vec<Condition>,
    /// Replaces the ending's title; the default title when absent.
    #[serde(default)]
    pub title: Option<Bilingual>,
    pub epilogue: Bilingual,
}

impl Scenario {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    pub fn promise(&self, id: &str) -> Option<&PromiseDef> {
        self.promises.iter().find(|p| p.id == id)
    }

    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
    }
}

impl Choice {
    /// The document this choice's feedback cites.
    pub fn citation(&self, scenario: &Scenario) -> Source {
        self.cites.unwrap_or(scenario.source)
    }
}
