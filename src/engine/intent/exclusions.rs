//! Exclusions in a request ("do not touch the prod bucket"): where one starts, what it names, and
//! cutting them out of the tokens before the clauses are read.
use super::phrases::{analyse_np, np_kinds, verb_at};
use super::tokens::{is_prep, stem, word, Tok, COLON_MARK};
use super::vocab::{self, Env, VerbClass};

/// One "not this" in a request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exclusion {
    /// The verb under the negation, when it narrows what is excluded ("do not delete the bucket"
    /// excludes deleting it, not adding a rule to it); `None` excludes every change ("touch").
    pub class: Option<VerbClass>,
    pub envs: Vec<Env>,
    /// Kinds (indices into [`KINDS`](crate::engine::catalog::kinds::KINDS)) the excluded phrase
    /// names.
    pub kinds: Vec<usize>,
    /// Distinctive words of the excluded phrase, stemmed.
    pub names: Vec<String>,
    /// The excluded words as written, capped, for messages.
    pub phrase: String,
    /// It starts with an access verb ("not write", "not change"): in a request that asks for
    /// read access it speaks of the access level, not of a resource.
    pub access_only: bool,
}

/// Verbs that, opening an exclusion ("not write", "no changes"), refuse a kind of access.
const ACCESS_VERBS: &[&str] = &[
    "write", "writes", "change", "modify", "edit", "update", "manage", "delete",
];

/// Words that only say "leave it alone": never names of the excluded thing.
const EXCLUSION_FILLER: &[&str] = &[
    "touch",
    "touching",
    "affect",
    "affecting",
    "impact",
    "impacting",
    "alter",
    "altering",
    "disturb",
    "alone",
    "untouched",
    "unchanged",
    "intact",
    "as",
    "is",
    "anything",
    "any",
    "existing",
    "current",
    "currently",
    "change",
    "changes",
    "changing",
    "modification",
    "modifications",
    "modify",
    "modifying",
    "it",
    "them",
    "that",
    "those",
    "this",
    "these",
    "one",
    "ones",
    "thing",
    "things",
    "resource",
    "resources",
    "be",
    "should",
    "must",
    "will",
    "get",
    "gets",
    "got",
    "done",
    "made",
    "stay",
    "stays",
    "remain",
    "remains",
    "way",
    "same",
    "yet",
    "now",
    "for",
];

/// "Our job can not read the bucket", "the app servers can't reach the database", "it doesn't
/// connect": a negated ability says what is wrong today (the reason for the request), not what
/// must be left alone.
fn describes_a_problem(toks: &[Tok], i: usize) -> bool {
    let ability = |w: Option<&str>| {
        w.is_some_and(|w| {
            matches!(
                w,
                "read"
                    | "see"
                    | "reach"
                    | "connect"
                    | "access"
                    | "pull"
                    | "push"
                    | "write"
                    | "find"
                    | "load"
                    | "resolve"
                    | "start"
                    | "work"
                    | "login"
                    | "log"
                    | "open"
                    | "talk"
                    | "call"
                    | "use"
                    | "download"
                    | "upload"
                    | "send"
                    | "receive"
            )
        })
    };
    let before = i.checked_sub(1).and_then(|p| word(toks, p));
    match word(toks, i) {
        Some("cannot") => ability(word(toks, i + 1)),
        Some("not") => {
            matches!(
                before,
                Some("can" | "could" | "does" | "did" | "is" | "are" | "was" | "were")
            ) && ability(word(toks, i + 1))
        }
        Some("can" | "couldn" | "doesn" | "didn" | "isn" | "aren" | "won")
            if word(toks, i + 1) == Some("t") =>
        {
            ability(word(toks, i + 2))
        }
        _ => false,
    }
}

/// Where an exclusion starts at `i`: the index of its first excluded word, or `None`.
fn exclusion_start(toks: &[Tok], i: usize) -> Option<usize> {
    let start = exclusion_marker_end(toks, i)?;
    // "don't forget the reporting dataset", "do not skip the alarms", "never leave out the
    // DLQ": a negated verb of leaving out asks for the thing.
    let asks_for_it = match word(toks, start) {
        Some("forget" | "miss" | "neglect" | "overlook" | "omit" | "skip") => true,
        Some("leave") => word(toks, start + 1) == Some("out"),
        _ => false,
    };
    (!asks_for_it).then_some(start)
}

/// Where the words under a negation or exclusion marker at `i` start, if one stands there.
fn exclusion_marker_end(toks: &[Tok], i: usize) -> Option<usize> {
    let w = word(toks, i)?;
    let next = word(toks, i + 1);
    if describes_a_problem(toks, i) {
        return None;
    }
    match w {
        "not" if matches!(next, Some("only" | "just")) => None,
        "not" | "never" | "nor" | "cannot" | "except" | "excluding" | "exclude" => Some(i + 1),
        // "everywhere but production", "all but the bastion".
        "but"
            if i.checked_sub(1)
                .and_then(|p| word(toks, p))
                .is_some_and(|p| matches!(p, "everywhere" | "anywhere" | "all" | "everything")) =>
        {
            Some(i + 1)
        }
        // "dont", "shouldnt": written without the apostrophe, one word.
        "dont" | "doesnt" | "shouldnt" | "mustnt" | "didnt" | "cant" => Some(i + 1),
        // "don't" is tokenized as `don` `t`.
        "don" | "doesn" | "shouldn" | "mustn" | "won" | "isn" | "aren" | "didn" | "can"
            if next == Some("t") =>
        {
            Some(i + 2)
        }
        "other" | "apart" | "aside" if matches!(next, Some("than" | "from")) => Some(i + 2),
        // "no infra changes", "no functional changes": nothing else may change.
        "no" if (1..=3).any(|k| matches!(word(toks, i + k), Some("change" | "changes"))) => {
            Some(i + 1)
        }
        "no" if next.is_some_and(|n| {
            matches!(
                n,
                "change"
                    | "changes"
                    | "changing"
                    | "modification"
                    | "modifications"
                    | "impact"
                    | "touching"
            )
        }) =>
        {
            Some(i + 1)
        }
        "without"
            if next.is_some_and(|n| {
                matches!(
                    n,
                    "touching"
                        | "changing"
                        | "modifying"
                        | "affecting"
                        | "impacting"
                        | "altering"
                        | "deleting"
                        | "removing"
                        | "replacing"
                        | "recreating"
                        | "disturbing"
                )
            }) =>
        {
            Some(i + 1)
        }
        // "leave the prod cluster alone", "keep the database as is", "leave asp-legacy-dev as
        // it is".
        "leave" | "keep" => {
            let closes = (i + 1..i + 9).any(|j| {
                matches!(
                    word(toks, j),
                    Some("alone" | "untouched" | "unchanged" | "intact")
                ) || (word(toks, j) == Some("as")
                    && (word(toks, j + 1) == Some("is")
                        || (matches!(word(toks, j + 1), Some("it" | "they"))
                            && matches!(word(toks, j + 2), Some("is" | "are")))))
            });
            closes.then_some(i + 1)
        }
        // "skip asp-legacy-dev", "omit the legacy one" (a final snapshot skipped is a setting).
        "skip" | "skipping" | "omit" | "omitting"
            if next != Some("final")
                && word(toks, i + 2) != Some("final")
                // "do not skip the alarms" asks for them.
                && !i.checked_sub(1).and_then(|p| word(toks, p)).is_some_and(|p| {
                    matches!(p, "not" | "never" | "t" | "dont" | "doesnt" | "shouldnt")
                }) =>
        {
            Some(i + 1)
        }
        _ => None,
    }
}

/// Cuts the exclusions out of the token stream: each runs from its marker to the next clause
/// separator, "but", or "and"/"then" followed by a new verb. The excluded tokens are replaced by
/// one separator so they neither ask for anything nor name an environment the request wants.
pub(super) fn split_exclusions(toks: Vec<Tok>) -> (Vec<Tok>, Vec<Exclusion>) {
    let mut out = Vec::with_capacity(toks.len());
    let mut exclusions = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // "The system node pool has to stay where it is": a sentence whose subject must stay
        // as it is excludes that subject.
        let sentence_start = i == 0 || toks.get(i - 1) == Some(&Tok::Sep);
        // A sentence that excludes its opening words: (where they end, where reading goes on).
        let sentence_exclusion = sentence_start
            .then(|| {
                must_stay_at(&toks, i)
                    .map(|stay| (stay, sentence_end(&toks, stay)))
                    .or_else(|| deferred_env_at(&toks, i))
                    .or_else(|| trailing_no_at(&toks, i))
            })
            .flatten();
        if let Some((entry_end, resume)) = sentence_exclusion {
            if exclusions.len() < 16 {
                exclusions.push(analyse_exclusion(&toks, i, entry_end));
            }
            out.push(Tok::Sep);
            i = resume;
            continue;
        }
        let Some(mut start) = exclusion_start(&toks, i) else {
            if let Some(t) = toks.get(i) {
                out.push(t.clone());
            }
            i += 1;
            continue;
        };
        // "not: production, development": a key that says "not" excludes its value.
        if word(&toks, start) == Some(COLON_MARK) && toks.get(start + 1) == Some(&Tok::Sep) {
            start += 2;
        }
        let mut end = start;
        while let Some(t) = toks.get(end) {
            match t {
                // "not: production, development": a list of environments goes on past its
                // commas, one environment word standing alone at a time.
                Tok::Sep
                    if end > start
                        && toks[start..end].iter().all(|t| match t {
                            Tok::Word(w) => vocab::env_of_word(w).is_some(),
                            _ => *t == Tok::Sep,
                        })
                        && word(&toks, end + 1)
                            .is_some_and(|w| vocab::env_of_word(w).is_some())
                        && matches!(toks.get(end + 2), None | Some(Tok::Sep)) =>
                {
                    end += 2;
                    continue;
                }
                // "don't change the instance class, the maintenance window or anything else":
                // a list of things goes on past its commas to the item that closes it with
                // "or" or "and", when no item has a verb of its own.
                Tok::Sep if end > start => match list_close(&toks, end) {
                    Some(close) => {
                        end = close;
                        continue;
                    }
                    None => break,
                },
                Tok::Sep => break,
                Tok::Word(w)
                    if matches!(w.as_str(), "but" | "however" | "instead" | "just")
                        && end > start =>
                {
                    break
                }
                Tok::Word(w)
                    if matches!(w.as_str(), "and" | "then" | "also" | "plus")
                        && end > start + 1
                        && verb_at(&toks, end + 1).is_some() =>
                {
                    break
                }
                _ => {}
            }
            end += 1;
        }
        if exclusions.len() < 16 {
            exclusions.push(analyse_exclusion(&toks, start, end));
        }
        // "to view, but not change, the dev resource group": an aside that denies only an act,
        // between commas, shares the object after it with the verb before it; the sentence
        // goes on past it.
        let only_an_act = (start..end).all(|j| {
            matches!(word(&toks, j), Some("but" | "not" | "never" | "no" | "or"))
                || verb_at(&toks, j).is_some()
        });
        let shared_object = matches!(
            word(&toks, end + 1),
            Some("the" | "its" | "their" | "our" | "this" | "that" | "these" | "those")
        );
        // The aside opens at its comma, with "but" left before the negation that started it.
        let but_before = matches!(out.last(), Some(Tok::Word(w)) if w == "but");
        let aside_opens = out.len() > usize::from(but_before)
            && out.get(out.len() - 1 - usize::from(but_before)) == Some(&Tok::Sep);
        if aside_opens
            && toks.get(end) == Some(&Tok::Sep)
            && end > start
            && only_an_act
            && shared_object
        {
            out.truncate(out.len() - 1 - usize::from(but_before));
            i = end + 1;
            continue;
        }
        out.push(Tok::Sep);
        i = end;
    }
    (out, exclusions)
}

/// Where a list that goes on past the separator at `sep` ends: each item after it runs to the
/// next separator, has no verb, and does not open with a word that turns the sentence ("but",
/// "just"); the last one joins with "or", "nor" or "and". `None` when the separator ends the
/// exclusion.
fn list_close(toks: &[Tok], sep: usize) -> Option<usize> {
    let mut from = sep + 1;
    for _ in 0..6 {
        let to = sentence_end(toks, from);
        if to == from
            || matches!(
                word(toks, from),
                Some("but" | "however" | "instead" | "just" | "only")
            )
            || (from..to)
                .any(|j| verb_at(toks, j).is_some() || matches!(toks.get(j), Some(Tok::Num(_))))
        {
            return None;
        }
        if (from + 1..to).any(|j| matches!(word(toks, j), Some("or" | "nor" | "and"))) {
            return Some(to);
        }
        from = to + 1;
    }
    None
}

/// The first separator at or after `from` (or the end): where its sentence or entry ends.
fn sentence_end(toks: &[Tok], from: usize) -> usize {
    (from..toks.len())
        .find(|j| toks.get(*j) == Some(&Tok::Sep))
        .unwrap_or(toks.len())
}

/// "web + api yes, partner NO", "- prod: NO, separate change later", "prod NOT in this change":
/// a list entry of one to three plain words answered by "no" or "not" excludes what it names.
/// The answer closes the entry (after a colon, too), answering an entry before it that said
/// "yes"; or it says the thing is left out of this change ("not in this change", "not
/// included", "not yet"), which needs no "yes" before it. Returns where the words the exclusion names
/// end, and where reading goes on. An entry with a verb ("is it public? no") answers a question instead.
fn trailing_no_at(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    let no_at =
        (i + 1..toks.len().min(i + 5)).find(|&j| matches!(word(toks, j), Some("no" | "not")))?;
    // "prod: NO": the colon (its mark and the separator after it) may stand between the entry
    // and its answer.
    let colon = no_at >= i + 3
        && toks.get(no_at - 1) == Some(&Tok::Sep)
        && word(toks, no_at - 2) == Some(COLON_MARK);
    let entry_end = if colon { no_at - 2 } else { no_at };
    if entry_end <= i || entry_end - i > 3 {
        return None;
    }
    let plain = (i..entry_end).all(|j| {
        word(toks, j).is_some_and(|w| {
            w.chars().all(|c| c.is_ascii_alphanumeric())
                && !matches!(
                    w,
                    "yes" | "and" | "or" | "it" | "this" | "that" | "is" | "are"
                )
        }) && verb_at(toks, j).is_none()
    });
    if !plain {
        return None;
    }
    let closes = matches!(toks.get(no_at + 1), None | Some(Tok::Sep));
    // Another entry answered "yes" before it: the list says which are in and which are out.
    let answered_yes = toks[..i]
        .iter()
        .any(|t| matches!(t, Tok::Word(w) if w == "yes"));
    if closes && answered_yes {
        return Some((entry_end, no_at + 1));
    }
    // "prod NOT in this change", "staging not included", "prod not yet": the answer says the
    // thing is left out, so it excludes it with no list around it. Its tail is swallowed too.
    let left_out = match word(toks, no_at + 1) {
        Some("included" | "yet" | "touched" | "affected" | "part") => true,
        Some("in") => matches!(word(toks, no_at + 2), Some("this" | "scope")),
        Some("for") => matches!(word(toks, no_at + 2), Some("now" | "this")),
        _ => false,
    };
    if !left_out {
        return None;
    }
    Some((entry_end, sentence_end(toks, no_at)))
}

/// "Production we do next week", "prod later, separate ticket", "Prod and DR: afterwards": a
/// sentence that opens with environments and puts them off to a later time or another change
/// excludes them from this one. Returns where its environment words end and where the
/// sentence ends.
fn deferred_env_at(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    let end = sentence_end(toks, i);
    let mut entry_end = i;
    while entry_end < end
        && word(toks, entry_end)
            .is_some_and(|w| vocab::env_of_word(w).is_some() || matches!(w, "and" | "the"))
    {
        entry_end += 1;
    }
    let names_env =
        (i..entry_end).any(|j| word(toks, j).is_some_and(|w| vocab::env_of_word(w).is_some()));
    if !names_env {
        return None;
    }
    // The words of the sentence and of the one a colon opens after it ("prod: later").
    let tail_end = if word(toks, entry_end) == Some(COLON_MARK) {
        sentence_end(toks, entry_end + 2)
    } else {
        end
    };
    // The putting off follows the environments closely ("prod we do next week"); a sentence
    // about a thing there with a deadline ("the staging cluster needs room for next week")
    // puts nothing off.
    let put_off_near = |j: usize| {
        j <= entry_end + 4
            && !(entry_end..j).any(|k| {
                matches!(
                    word(toks, k),
                    Some("for" | "by" | "before" | "until" | "till" | "ahead" | "need" | "needs")
                )
            })
    };
    let later = (entry_end..tail_end).any(|j| {
        put_off_near(j)
            && match word(toks, j) {
                Some("later" | "afterwards" | "separately" | "tomorrow") => true,
                Some("next") => matches!(
                    word(toks, j + 1),
                    Some("week" | "sprint" | "month" | "quarter" | "time" | "release" | "window")
                ),
                Some("separate" | "another" | "own") => matches!(
                    word(toks, j + 1),
                    Some("change" | "ticket" | "pr" | "request" | "window" | "run")
                ),
                _ => false,
            }
    });
    later.then_some((entry_end, tail_end))
}

/// Where "has to stay", "must remain", "should stay as is" begins in the sentence from `i`, when
/// the sentence says its subject must stay as it is; `None` otherwise.
fn must_stay_at(toks: &[Tok], i: usize) -> Option<usize> {
    let end = (i..toks.len().min(i + 24))
        .find(|j| toks.get(*j) == Some(&Tok::Sep))
        .unwrap_or(toks.len().min(i + 24));
    (i + 1..end).find(|&j| {
        let modal = matches!(
            word(toks, j),
            Some("has" | "have" | "must" | "should" | "needs" | "need" | "will")
        );
        let next = if word(toks, j + 1) == Some("to") {
            j + 2
        } else {
            j + 1
        };
        // "report-gen-02 is fine where it is", "the apex stays as is", "the old records remain
        // untouched": said of the subject without a modal.
        let is_fine = matches!(word(toks, j), Some("is" | "are"))
            && (matches!(word(toks, j + 1), Some("untouched" | "unchanged"))
                || (word(toks, j + 1) == Some("fine")
                    && matches!(word(toks, j + 2), Some("where" | "as"))));
        let stays = matches!(word(toks, j), Some("stays" | "remains"))
            && matches!(
                word(toks, j + 1),
                Some("as" | "where" | "untouched" | "unchanged" | "put")
            );
        is_fine
            || stays
            || (modal
                && matches!(
                    word(toks, next),
                    Some("stay" | "remain" | "stays" | "remains")
                ))
    })
}

fn analyse_exclusion(toks: &[Tok], start: usize, end: usize) -> Exclusion {
    let mut from = start;
    // A verb right after the marker narrows what is excluded; "touch" and the like do not.
    // "should not be able to write", "never be allowed to change": helping words before it.
    while matches!(
        word(toks, from),
        Some("to" | "ever" | "be" | "please" | "able" | "allowed" | "permitted")
    ) {
        from += 1;
    }
    let mut ex = Exclusion {
        access_only: matches!(word(toks, from), Some(w) if ACCESS_VERBS.contains(&w)),
        ..Exclusion::default()
    };
    if let Some((vi, n)) = verb_at(toks, from) {
        if let Some(v) = vocab::VERBS.get(vi) {
            ex.class = Some(v.class);
        }
        from += n;
    }
    let np = analyse_np(toks, from, end);
    let (kinds, _) = np_kinds(toks, from, end);
    ex.kinds = kinds.into_iter().map(|(k, _)| k).collect();
    ex.kinds.dedup();
    for j in from..end {
        if let Some(w) = word(toks, j) {
            if let Some(e) = vocab::env_of_word(w) {
                if !ex.envs.contains(&e) {
                    ex.envs.push(e);
                }
            }
        }
    }
    // The kind words name the excluded thing too ("except the bastion" when "bastion" is a kind).
    let refused_verb = |q: &str| ex.access_only && ACCESS_VERBS.contains(&q);
    ex.names = np
        .qualifiers
        .into_iter()
        .chain((from..end).filter_map(|j| word(toks, j)).map(stem))
        .filter(|q| {
            q.len() > 1
                && !EXCLUSION_FILLER.contains(&q.as_str())
                && !refused_verb(q)
                && !matches!(q.as_str(), "anything" | "everything" | "any")
                && !vocab::NON_DISCRIMINATING.contains(&q.as_str())
                && vocab::env_of_word(q).is_none()
                && !is_prep(q)
        })
        .collect();
    ex.names.sort();
    ex.names.dedup();
    ex.phrase = np.phrase;
    ex
}
