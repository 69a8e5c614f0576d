//! The choices sheet read: its rows grouped into nodes (an empty node id is the row above's), each row's
//! customer line (a wording of the node's own lines, or of a variant's) and its choice.

use std::collections::HashMap;

use goodwill_engine::schema::{Choice, LineVariant, Next, Node};

use super::book::{Col, Grid, Place, Problem, Sheet, Value};
use super::from_sheet::{IdKind, Known, Reader};
use super::parse::{Tag, tag, unknown_tag, yes_no};

impl Reader {
    /// The nodes of the choices sheet; `ids.nodes` gets their ids.
    pub(super) fn nodes(&mut self, grid: &Grid, ids: &mut Known) -> Option<Vec<Node>> {
        let header: Vec<Option<Col>> = grid
            .rows
            .first()
            .map(|r| r.iter().map(|c| Col::from_header(&c.text())).collect())
            .unwrap_or_default();
        for (col, cell) in grid.rows.first().into_iter().flatten().enumerate() {
            if !cell.is_empty() && header[col].is_none() {
                self.warn(
                    Place::new(grid, 0, col, cell.text()),
                    "Goodwill 不认识这一列，其中的内容不会导入。 A column Goodwill does not know: what it holds is not imported.",
                );
            }
        }
        let find = |c: Col| header.iter().position(|h| *h == Some(c));
        let required = [
            Col::Node,
            Col::CustomerZh,
            Col::CustomerEn,
            Col::AnswerZh,
            Col::AnswerEn,
            Col::Effect,
            Col::Next,
            Col::FeedbackZh,
            Col::FeedbackEn,
        ];
        let absent: Vec<String> = required
            .iter()
            .filter(|c| find(**c).is_none())
            .map(|c| c.header())
            .collect();
        if !absent.is_empty() {
            self.problems.push(Problem::in_sheet(
                Sheet::Choices,
                format!(
                    "第一行（表头）缺少这些列：{}。请从导出的文件开始，不要删改表头。 The header row lacks these columns: keep the exported header.",
                    absent.join("、")
                ),
            ));
            return None;
        }
        let col = |c: Col| find(c).expect("required columns checked");
        let mut applies: Vec<(usize, usize)> = header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| match h {
                Some(Col::Applies(n)) => Some((*n, i)),
                _ => None,
            })
            .collect();
        applies.sort();
        let mut breaks: Vec<(usize, usize)> = header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| match h {
                Some(Col::Breaks(n)) => Some((*n, i)),
                _ => None,
            })
            .collect();
        breaks.sort();
        let line_cols: Vec<usize> = [
            Col::LineWhen,
            Col::NarrationZh,
            Col::NarrationEn,
            Col::CustomerZh,
            Col::CustomerEn,
        ]
        .into_iter()
        .filter_map(find)
        .collect();
        let choice_cols: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.is_some_and(|c| {
                    !matches!(
                        c,
                        Col::Node
                            | Col::LineWhen
                            | Col::NarrationZh
                            | Col::NarrationEn
                            | Col::CustomerZh
                            | Col::CustomerEn
                    )
                })
            })
            .map(|(i, _)| i)
            .collect();

        // First pass: which node each row belongs to (an empty id is the row above's), in order of first
        // appearance, so a next node written above its rows is known.
        let mut row_node: Vec<Option<usize>> = vec![None; grid.rows.len()];
        let mut first_row: Vec<usize> = Vec::new();
        let mut current: Option<usize> = None;
        for (row, cells) in grid.rows.iter().enumerate().skip(1) {
            if cells.iter().all(Value::is_empty) {
                continue;
            }
            let id = self.text(grid, row, col(Col::Node), &Col::Node.header(), "");
            if id.is_empty() {
                if current.is_none() {
                    self.required(
                        Place::new(grid, row, col(Col::Node), Col::Node.header()),
                        "写上这一行所属节点的编号（第一行必须写）。 Write the id of the node this row belongs to (the first row must have one).",
                    );
                }
            } else {
                current = Some(match ids.nodes.iter().position(|n| *n == id) {
                    Some(i) => i,
                    None => {
                        ids.nodes.push(id);
                        first_row.push(row);
                        ids.nodes.len() - 1
                    }
                });
            }
            row_node[row] = current;
        }

        let mut nodes: Vec<Node> = ids
            .nodes
            .iter()
            .map(|id| Node {
                id: id.clone(),
                narration: None,
                customer: Vec::new(),
                variants: Vec::new(),
                choices: Vec::new(),
            })
            .collect();
        for (n, &row) in first_row.iter().enumerate() {
            let place = Place::new(grid, row, col(Col::Node), Col::Node.header());
            self.origins.insert(format!("nodes.{n}"), place.clone());
            self.origins.insert(format!("nodes.{n}.id"), place);
        }
        // Where each node's narration was written, to refuse a second one in the same group of lines.
        let mut narration_rows: HashMap<(usize, Option<usize>), usize> = HashMap::new();
        // The condition text of the variant the last line row of each node opened.
        let mut open_variant: Vec<Option<String>> = vec![None; nodes.len()];
        for (row, node_of_row) in row_node.iter().enumerate().skip(1) {
            let Some(n) = *node_of_row else { continue };
            let has = |cols: &[usize]| cols.iter().any(|&c| !grid.cell(row, c).is_empty());
            if has(&line_cols) {
                self.line(
                    grid,
                    row,
                    n,
                    &mut nodes[n],
                    &find,
                    ids,
                    &mut open_variant[n],
                    &mut narration_rows,
                );
            }
            if has(&choice_cols) {
                let j = nodes[n].choices.len();
                let key = format!("nodes.{n}.choices.{j}");
                let choice = self.choice(grid, row, &key, &col, &find, &applies, &breaks, ids);
                self.origins
                    .entry(format!("nodes.{n}.choices"))
                    .or_insert_with(|| Place::new(grid, row, col(Col::AnswerZh), Col::AnswerZh.header()));
                if let Some(choice) = choice {
                    nodes[n].choices.push(choice);
                }
            }
        }
        Some(nodes)
    }

    /// One row's customer line: a wording of the node's own lines, or of a variant's.
    fn line(
        &mut self,
        grid: &Grid,
        row: usize,
        n: usize,
        node: &mut Node,
        find: &dyn Fn(Col) -> Option<usize>,
        ids: &Known,
        open_variant: &mut Option<String>,
        narration_rows: &mut HashMap<(usize, Option<usize>), usize>,
    ) {
        let when_text = find(Col::LineWhen)
            .map(|c| grid.cell(row, c).text())
            .unwrap_or_default();
        let group: Option<usize> = if when_text.is_empty() {
            *open_variant = None;
            None
        } else {
            if open_variant.as_deref() != Some(when_text.as_str()) {
                let v = node.variants.len();
                let key = format!("nodes.{n}.variants.{v}");
                let c = find(Col::LineWhen).expect("a condition was read from it");
                self.origins
                    .insert(key.clone(), Place::new(grid, row, c, Col::LineWhen.header()));
                let when = self.conditions(grid, row, c, &Col::LineWhen.header(), &format!("{key}.when"), ids);
                node.variants.push(LineVariant {
                    when,
                    narration: None,
                    customer: Vec::new(),
                });
                *open_variant = Some(when_text.clone());
            }
            Some(node.variants.len() - 1)
        };
        let base = match group {
            None => format!("nodes.{n}"),
            Some(v) => format!("nodes.{n}.variants.{v}"),
        };
        let pair = |a: Col, b: Col| Some((find(a)?, find(b)?));
        if let Some(cols) = pair(Col::NarrationZh, Col::NarrationEn)
            && (!grid.cell(row, cols.0).is_empty() || !grid.cell(row, cols.1).is_empty())
        {
            if let Some(first) = narration_rows.insert((n, group), row) {
                self.error(
                    Place::new(grid, row, cols.0, Col::NarrationZh.header()),
                    format!(
                        "这组台词的旁白已经写在第 {} 行了：一组台词只有一段旁白，把两段合并到那一行。 This group of lines already has its narration on row {}: one narration per group; merge them there.",
                        first + 1,
                        first + 1
                    ),
                );
            } else {
                let text = self.bilingual(
                    grid,
                    row,
                    cols,
                    (&Col::NarrationZh.header(), &Col::NarrationEn.header()),
                    &format!("{base}.narration"),
                );
                match group {
                    None => node.narration = Some(text),
                    Some(v) => node.variants[v].narration = Some(text),
                }
            }
        }
        let zh = find(Col::CustomerZh).expect("required");
        let en = find(Col::CustomerEn).expect("required");
        if !grid.cell(row, zh).is_empty() || !grid.cell(row, en).is_empty() {
            let k = match group {
                None => node.customer.len(),
                Some(v) => node.variants[v].customer.len(),
            };
            let key = format!("{base}.customer.{k}");
            self.origins
                .entry(format!("{base}.customer"))
                .or_insert_with(|| Place::new(grid, row, zh, Col::CustomerZh.header()));
            let line = self.bilingual(
                grid,
                row,
                (zh, en),
                (&Col::CustomerZh.header(), &Col::CustomerEn.header()),
                &key,
            );
            match group {
                None => node.customer.push(line),
                Some(v) => node.variants[v].customer.push(line),
            }
        }
    }

    /// One row's choice.
    fn choice(
        &mut self,
        grid: &Grid,
        row: usize,
        key: &str,
        col: &dyn Fn(Col) -> usize,
        find: &dyn Fn(Col) -> Option<usize>,
        applies: &[(usize, usize)],
        breaks: &[(usize, usize)],
        ids: &Known,
    ) -> Option<Choice> {
        let errors_before = self.problems.iter().filter(|p| p.error).count();
        self.origins.insert(
            key.to_string(),
            Place::new(grid, row, col(Col::AnswerZh), Col::AnswerZh.header()),
        );
        let text = self.bilingual(
            grid,
            row,
            (col(Col::AnswerZh), col(Col::AnswerEn)),
            (&Col::AnswerZh.header(), &Col::AnswerEn.header()),
            &format!("{key}.text"),
        );
        let effect = self.number(
            grid,
            row,
            col(Col::Effect),
            &Col::Effect.header(),
            &format!("{key}.effect"),
            (-40, 40),
        );
        if effect.is_none() && grid.cell(row, col(Col::Effect)).is_empty() {
            self.required(
                Place::new(grid, row, col(Col::Effect), Col::Effect.header()),
                "写上这句回答的效果：-40 到 40 的整数（正数存入，负数取出，0 不增不减）。 Write the answer's effect: a whole number from -40 to 40 (0 for none).",
            );
        }
        let mut principles = Vec::new();
        for (k, &(_, c)) in applies.iter().enumerate() {
            let place = Place::new(grid, row, c, Col::Applies(k + 1).header());
            let text = self.text(grid, row, c, &place.what.clone(), "");
            if text.is_empty() {
                continue;
            }
            self.origins
                .insert(format!("{key}.applies.{}", principles.len()), place.clone());
            self.origins.entry(format!("{key}.applies")).or_insert(place.clone());
            match tag(&text) {
                Some(Tag::Principle(p)) => principles.push(p),
                Some(Tag::Anti(a)) => self.error(
                    place,
                    format!("`{a:?}` 是反模式（做错的事），应该放在「违反 Breaks」列里。 `{a:?}` is an anti-pattern: put it in a Breaks column."),
                ),
                None => self.error(place, unknown_tag(&text, true)),
            }
        }
        let mut anti = Vec::new();
        for (k, &(_, c)) in breaks.iter().enumerate() {
            let place = Place::new(grid, row, c, Col::Breaks(k + 1).header());
            let text = self.text(grid, row, c, &place.what.clone(), "");
            if text.is_empty() {
                continue;
            }
            self.origins
                .insert(format!("{key}.breaks.{}", anti.len()), place.clone());
            self.origins.entry(format!("{key}.breaks")).or_insert(place.clone());
            match tag(&text) {
                Some(Tag::Anti(a)) => anti.push(a),
                Some(Tag::Principle(p)) => self.error(
                    place,
                    format!("`{p:?}` 是原则（做对的事），应该放在「符合 Applies」列里。 `{p:?}` is a principle: put it in an Applies column."),
                ),
                None => self.error(place, unknown_tag(&text, false)),
            }
        }
        let next_text = self.text(grid, row, col(Col::Next), &Col::Next.header(), &format!("{key}.next"));
        let next_place = Place::new(grid, row, col(Col::Next), Col::Next.header());
        let next = if next_text.is_empty() {
            self.required(
                next_place,
                "写上下一个节点的编号，或写 End 结束对话。 Write the next node's id, or End to end the conversation.",
            );
            None
        } else if ["end", "结束", "结束 end"].contains(&next_text.to_lowercase().as_str()) {
            Some(Next::End)
        } else if self.check_id(&next_place, &next_text, &ids.nodes, IdKind::Node) {
            Some(Next::Node(next_text))
        } else {
            None
        };
        let promise = match find(Col::Promise) {
            Some(c) => {
                let text = self.text(grid, row, c, &Col::Promise.header(), &format!("{key}.promise"));
                let place = Place::new(grid, row, c, Col::Promise.header());
                (!text.is_empty() && self.check_id(&place, &text, &ids.promises, IdKind::Promise)).then_some(text)
            }
            None => None,
        };
        let list = |r: &mut Reader, c: Col, field: &str, kind: IdKind| match find(c) {
            Some(column) => {
                let declared = match kind {
                    IdKind::Event => &ids.events,
                    _ => &ids.promises,
                };
                r.id_list(
                    grid,
                    row,
                    column,
                    &c.header(),
                    &format!("{key}.{field}"),
                    declared,
                    kind,
                )
            }
            None => Vec::new(),
        };
        let keeps = list(self, Col::Keeps, "keeps", IdKind::Promise);
        let breaks_promises = list(self, Col::BreaksPromises, "breaks_promises", IdKind::Promise);
        let marks = list(self, Col::Marks, "marks", IdKind::Event);
        let when = match find(Col::When) {
            Some(c) => self.conditions(grid, row, c, &Col::When.header(), &format!("{key}.when"), ids),
            None => Vec::new(),
        };
        let rate_sincerity = match find(Col::Sincerity) {
            Some(c) => {
                let text = self.text(grid, row, c, &Col::Sincerity.header(), &format!("{key}.rate_sincerity"));
                match (text.is_empty(), yes_no(&text)) {
                    (true, _) => false,
                    (false, Some(v)) => v,
                    (false, None) => {
                        self.error(
                            Place::new(grid, row, c, Col::Sincerity.header()),
                            format!("「{text}」：请写 是（要评分）或空着。 Write yes (是) to ask for a rating, or leave it empty."),
                        );
                        false
                    }
                }
            }
            None => false,
        };
        let feedback = self.bilingual(
            grid,
            row,
            (col(Col::FeedbackZh), col(Col::FeedbackEn)),
            (&Col::FeedbackZh.header(), &Col::FeedbackEn.header()),
            &format!("{key}.feedback"),
        );
        let cites = match find(Col::Cites) {
            Some(c) => {
                let text = self.text(grid, row, c, &Col::Cites.header(), &format!("{key}.cites"));
                if text.is_empty() {
                    None
                } else {
                    let found = super::super::new::parse_document(&text).ok();
                    if found.is_none() {
                        self.error(
                            Place::new(grid, row, c, Col::Cites.header()),
                            format!("「{text}」不是文件编号：请写 Doc000 … Doc004，或空着（用案例的来源文件）。 Not a document: write Doc000 … Doc004, or leave it empty."),
                        );
                    }
                    found
                }
            }
            None => None,
        };
        if self.problems.iter().filter(|p| p.error).count() > errors_before {
            return None;
        }
        Some(Choice {
            text,
            effect: effect? as i32,
            applies: principles,
            breaks: anti,
            promise,
            keeps,
            breaks_promises,
            marks,
            feedback,
            cites,
            rate_sincerity,
            when,
            next: next?,
        })
    }
}
