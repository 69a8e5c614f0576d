//! A scenario written as RON laid out like the shipped files, remembering where each value starts, so a
//! problem the game's checks find at a line and column is traced back to the value (and its cell).

use goodwill_engine::Scenario;
use goodwill_engine::schema::{Condition, Ending, Node};
use goodwill_engine::text::Bilingual;

/// The longest line, in characters, written on one line; longer texts are split over three.
const LINE: usize = 150;

/// The RON text, and the value each position starts: `(line, column, "nodes.3.choices.1.effect")`, in
/// the order written (so by position), lines and columns from 1, columns in characters.
pub struct Written {
    pub text: String,
    pub marks: Vec<(usize, usize, String)>,
}

impl Written {
    /// The value at or before a diagnostic's position: the last mark not after it.
    pub fn key_at(&self, line: usize, column: usize) -> Option<&str> {
        let i = self.marks.partition_point(|(l, c, _)| (*l, *c) <= (line, column));
        i.checked_sub(1).map(|i| self.marks[i].2.as_str())
    }
}

struct Writer {
    out: String,
    line: usize,
    column: usize,
    marks: Vec<(usize, usize, String)>,
}

fn ron<T: serde::Serialize>(value: &T) -> String {
    ron::to_string(value).expect("scenario values serialise")
}

/// A RON string literal, escaped only where it must be (a `'` stays as it is, as in the shipped files).
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Writer {
    fn push(&mut self, s: &str) {
        for ch in s.chars() {
            if ch == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.out.push_str(s);
    }

    fn mark(&mut self, key: &str) {
        self.marks.push((self.line, self.column, key.to_string()));
    }

    /// `indent` spaces, `name: `, the value (marked at its start), `,` and a new line.
    fn field(&mut self, indent: usize, name: &str, key: &str, value: &str) {
        self.push(&" ".repeat(indent));
        self.push(&format!("{name}: "));
        self.mark(key);
        self.push(value);
        self.push(",\n");
    }

    /// `(zh: "…", en: "…")` on one line.
    fn bilingual_inline(&mut self, key: &str, text: &Bilingual) {
        self.mark(key);
        self.push("(zh: ");
        self.mark(&format!("{key}.zh"));
        self.push(&quoted(&text.zh));
        self.push(", en: ");
        self.mark(&format!("{key}.en"));
        self.push(&quoted(&text.en));
        self.push(")");
    }

    /// `(zh: "…", en: "…")`, on one line when it fits.
    fn bilingual_value(&mut self, indent: usize, prefix_len: usize, key: &str, text: &Bilingual) {
        let (zh, en) = (quoted(&text.zh), quoted(&text.en));
        if indent + prefix_len + zh.chars().count() + en.chars().count() + 14 <= LINE {
            self.bilingual_inline(key, text);
        } else {
            self.mark(key);
            let inner = " ".repeat(indent + 4);
            self.push("(\n");
            self.push(&format!("{inner}zh: "));
            self.mark(&format!("{key}.zh"));
            self.push(&zh);
            self.push(&format!(",\n{inner}en: "));
            self.mark(&format!("{key}.en"));
            self.push(&en);
            self.push(&format!(",\n{})", " ".repeat(indent)));
        }
    }

    fn bilingual_field(&mut self, indent: usize, name: &str, key: &str, text: &Bilingual) {
        self.push(&" ".repeat(indent));
        self.push(&format!("{name}: "));
        self.bilingual_value(indent, name.len() + 2, key, text);
        self.push(",\n");
    }

    fn optional_bilingual(&mut self, indent: usize, name: &str, key: &str, text: &Option<Bilingual>) {
        if let Some(text) = text {
            self.push(&" ".repeat(indent));
            self.push(&format!("{name}: Some("));
            self.bilingual_value(indent, name.len() + 8, key, text);
            self.push("),\n");
        }
    }

    /// `name: [a, b]` with each item marked; nothing when empty.
    fn list(&mut self, indent: usize, name: &str, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.push(&" ".repeat(indent));
        self.push(&format!("{name}: "));
        self.mark(key);
        self.push("[");
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                self.push(", ");
            }
            self.mark(&format!("{key}.{k}"));
            self.push(item);
        }
        self.push("],\n");
    }

    fn when(&mut self, indent: usize, key: &str, when: &[Condition]) {
        let items: Vec<String> = when.iter().map(ron).collect();
        self.list(indent, "when", &format!("{key}.when"), &items);
    }

    fn lines(&mut self, indent: usize, key: &str, lines: &[Bilingual]) {
        let pad = " ".repeat(indent);
        self.push(&format!("{pad}customer: "));
        self.mark(key);
        self.push("[\n");
        for (k, line) in lines.iter().enumerate() {
            self.push(&" ".repeat(indent + 4));
            self.bilingual_value(indent + 4, 0, &format!("{key}.{k}"), line);
            self.push(",\n");
        }
        self.push(&format!("{pad}],\n"));
    }

    fn node(&mut self, n: usize, node: &Node) {
        let key = format!("nodes.{n}");
        self.push("        ");
        self.mark(&key);
        self.push("(\n");
        self.field(12, "id", &format!("{key}.id"), &quoted(&node.id));
        self.optional_bilingual(12, "narration", &format!("{key}.narration"), &node.narration);
        self.lines(12, &format!("{key}.customer"), &node.customer);
        if !node.variants.is_empty() {
            self.push("            variants: [\n");
            for (v, variant) in node.variants.iter().enumerate() {
                let vkey = format!("{key}.variants.{v}");
                self.push("                ");
                self.mark(&vkey);
                self.push("(\n");
                self.when(20, &vkey, &variant.when);
                self.optional_bilingual(20, "narration", &format!("{vkey}.narration"), &variant.narration);
                self.lines(20, &format!("{vkey}.customer"), &variant.customer);
                self.push("                ),\n");
            }
            self.push("            ],\n");
        }
        self.push("            choices: ");
        self.mark(&format!("{key}.choices"));
        self.push("[\n");
        for (j, c) in node.choices.iter().enumerate() {
            let ckey = format!("{key}.choices.{j}");
            self.push("                ");
            self.mark(&ckey);
            self.push("(\n");
            self.bilingual_field(20, "text", &format!("{ckey}.text"), &c.text);
            self.field(20, "effect", &format!("{ckey}.effect"), &c.effect.to_string());
            let tags = |list: Vec<String>| list;
            self.list(
                20,
                "applies",
                &format!("{ckey}.applies"),
                &tags(c.applies.iter().map(ron).collect()),
            );
            self.list(
                20,
                "breaks",
                &format!("{ckey}.breaks"),
                &tags(c.breaks.iter().map(ron).collect()),
            );
            if let Some(p) = &c.promise {
                self.field(
                    20,
                    "promise",
                    &format!("{ckey}.promise"),
                    &format!("Some({})", quoted(p)),
                );
            }
            let ids = |list: &[String]| list.iter().map(|s| quoted(s)).collect::<Vec<_>>();
            self.list(20, "keeps", &format!("{ckey}.keeps"), &ids(&c.keeps));
            self.list(
                20,
                "breaks_promises",
                &format!("{ckey}.breaks_promises"),
                &ids(&c.breaks_promises),
            );
            self.when(20, &ckey, &c.when);
            self.bilingual_field(20, "feedback", &format!("{ckey}.feedback"), &c.feedback);
            if let Some(doc) = c.cites {
                self.field(20, "cites", &format!("{ckey}.cites"), &format!("Some({})", ron(&doc)));
            }
            if c.rate_sincerity {
                self.field(20, "rate_sincerity", &format!("{ckey}.rate_sincerity"), "true");
            }
            self.list(20, "marks", &format!("{ckey}.marks"), &ids(&c.marks));
            self.field(20, "next", &format!("{ckey}.next"), &ron(&c.next));
            self.push("                ),\n");
        }
        self.push("            ],\n        ),\n");
    }

    fn ending(&mut self, name: &str, ending: &Ending) {
        let key = format!("endings.{name}");
        self.push(&format!("        {name}: "));
        self.mark(&key);
        self.push("(\n");
        self.bilingual_field(12, "title", &format!("{key}.title"), &ending.title);
        self.bilingual_field(12, "epilogue", &format!("{key}.epilogue"), &ending.epilogue);
        if !ending.variants.is_empty() {
            self.push("            variants: [\n");
            for (v, variant) in ending.variants.iter().enumerate() {
                let vkey = format!("{key}.variants.{v}");
                self.push("                ");
                self.mark(&vkey);
                self.push("(\n");
                self.when(20, &vkey, &variant.when);
                self.optional_bilingual(20, "title", &format!("{vkey}.title"), &variant.title);
                self.bilingual_field(20, "epilogue", &format!("{vkey}.epilogue"), &variant.epilogue);
                self.push("                ),\n");
            }
            self.push("            ],\n");
        }
        self.push("        ),\n");
    }
}

/// `words: ["…", "…"]` inside a promise's or an event's one-line entry.
fn word_lists(words: &[String], not_words: &[String]) -> String {
    let list = |name: &str, items: &[String]| {
        if items.is_empty() {
            String::new()
        } else {
            format!(
                ", {name}: [{}]",
                items.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(", ")
            )
        }
    };
    format!("{}{}", list("words", words), list("not_words", not_words))
}

/// The scenario as RON, under `comment` (each of its lines written as a `//` line).
pub fn write(s: &Scenario, comment: &str) -> Written {
    let mut w = Writer {
        out: String::new(),
        line: 1,
        column: 1,
        marks: Vec::new(),
    };
    for line in comment.lines() {
        let line = line.trim_end();
        let line = line.strip_prefix("//").map_or(line, str::trim_start);
        w.push(format!("// {line}").trim_end());
        w.push("\n");
    }
    w.push("Scenario(\n");
    w.field(4, "id", "id", &quoted(&s.id));
    w.field(4, "version", "version", &s.version.to_string());
    w.bilingual_field(4, "title", "title", &s.title);
    w.bilingual_field(4, "setting", "setting", &s.setting);
    w.field(4, "source", "source", &ron(&s.source));
    w.field(4, "difficulty", "difficulty", &ron(&s.difficulty));
    w.bilingual_field(4, "agent", "agent", &s.agent);
    w.push("    customer: ");
    w.mark("customer");
    w.push("(\n");
    w.bilingual_field(8, "name", "customer.name", &s.customer.name);
    w.bilingual_field(8, "persona", "customer.persona", &s.customer.persona);
    w.field(
        8,
        "starting_balance",
        "customer.starting_balance",
        &s.customer.starting_balance.to_string(),
    );
    w.field(8, "temper", "customer.temper", &s.customer.temper.to_string());
    if let Some(sex) = s.customer.sex {
        w.field(8, "sex", "customer.sex", &ron(&sex));
    }
    if let Some(age) = s.customer.age {
        w.field(8, "age", "customer.age", &ron(&age));
    }
    if let Some(glasses) = s.customer.glasses {
        w.field(8, "glasses", "customer.glasses", &glasses.to_string());
    }
    w.push("    ),\n");
    if let Some(card) = &s.role_card {
        w.push("    role_card: ");
        w.mark("role_card");
        w.push("Some((\n");
        w.bilingual_field(8, "happened", "role_card.happened", &card.happened);
        w.bilingual_field(8, "wants", "role_card.wants", &card.wants);
        w.bilingual_field(8, "upset", "role_card.upset", &card.upset);
        w.push("    )),\n");
    }
    if let Some(partner) = &s.pair_with {
        w.field(4, "pair_with", "pair_with", &format!("Some({})", quoted(partner)));
    }
    if !s.reflection.is_empty() {
        w.push("    reflection: ");
        w.mark("reflection");
        w.push("[\n");
        for (i, question) in s.reflection.iter().enumerate() {
            w.push("        ");
            w.bilingual_value(8, 0, &format!("reflection.{i}"), question);
            w.push(",\n");
        }
        w.push("    ],\n");
    }
    w.push("    promises: ");
    w.mark("promises");
    w.push("[\n");
    for (i, p) in s.promises.iter().enumerate() {
        let key = format!("promises.{i}");
        w.push("        ");
        w.mark(&key);
        w.push("(id: ");
        w.mark(&format!("{key}.id"));
        w.push(&quoted(&p.id));
        w.push(", text: ");
        w.bilingual_inline(&format!("{key}.text"), &p.text);
        w.push(", value: ");
        w.mark(&format!("{key}.value"));
        w.push(&p.value.to_string());
        w.mark(&format!("{key}.words"));
        w.push(&word_lists(&p.words, &p.not_words));
        w.push("),\n");
    }
    w.push("    ],\n");
    w.push("    events: ");
    w.mark("events");
    w.push("[\n");
    for (i, e) in s.events.iter().enumerate() {
        let key = format!("events.{i}");
        w.push("        ");
        w.mark(&key);
        w.push("(id: ");
        w.mark(&format!("{key}.id"));
        w.push(&quoted(&e.id));
        w.push(", text: ");
        w.bilingual_inline(&format!("{key}.text"), &e.text);
        w.mark(&format!("{key}.words"));
        w.push(&word_lists(&e.words, &e.not_words));
        w.push("),\n");
    }
    w.push("    ],\n");
    w.field(4, "start", "start", &quoted(&s.start));
    w.push("    nodes: ");
    w.mark("nodes");
    w.push("[\n");
    for (n, node) in s.nodes.iter().enumerate() {
        w.node(n, node);
    }
    w.push("    ],\n");
    w.push("    endings: ");
    w.mark("endings");
    w.push("(\n");
    w.ending("lost", &s.endings.lost);
    w.ending("resolved", &s.endings.resolved);
    w.ending("retained", &s.endings.retained);
    w.ending("loyal", &s.endings.loyal);
    w.push("    ),\n)\n");
    Written {
        text: w.out,
        marks: w.marks,
    }
}
