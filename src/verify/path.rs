//! Path building with validation: a depth-first search from the leaf towards the trust
//! anchors that checks every rule as it adds an issuer and backtracks on any failure, so a
//! valid path is found when one exists (cross-signed intermediates, expired alternatives,
//! constraints that one path breaks and another does not). When none exists, the refusal is
//! the one from the path that got furthest.

use std::collections::HashMap;

use crate::Certificate;
use crate::chain::{MAX_CHAIN_DEPTH, MAX_STEPS};
use crate::error::{Error, ErrorKind, Result};

use super::Purpose;
use super::constraints::{self, MAX_COMPARISONS, Name, NameConstraints, Outcome, Undecidable};
use super::host::host_violation;
use super::profile::{self, Facts};
use super::violation::Violation;

/// One certificate the search may use.
struct Node<'a> {
    cert: &'a Certificate,
    anchor: bool,
    self_issued: bool,
    key: String,
}

/// A failure met while searching, ranked by how far along the path it happened.
struct Failure {
    position: usize,
    kind: ErrorKind,
    violation: Violation,
}

pub(crate) struct Search<'a> {
    nodes: Vec<Node<'a>>,
    by_subject: HashMap<String, Vec<usize>>,
    purpose: Purpose,
    at: i64,
    facts: HashMap<usize, std::result::Result<std::rc::Rc<Facts>, Violation>>,
    ca_ok: HashMap<usize, std::result::Result<(), Violation>>,
    signed: HashMap<(usize, usize), bool>,
    names: HashMap<usize, std::rc::Rc<Vec<Name>>>,
    nc_checked: HashMap<(usize, usize), std::result::Result<(), Violation>>,
    budget: usize,
    steps: usize,
    best: Option<Failure>,
}

impl<'a> Search<'a> {
    pub(crate) fn new(
        leaf: &'a Certificate,
        untrusted: &'a [Certificate],
        anchors: &[&'a Certificate],
        purpose: Purpose,
        at: i64,
    ) -> Self {
        let mut s = Search {
            nodes: Vec::new(),
            by_subject: HashMap::new(),
            purpose,
            at,
            facts: HashMap::new(),
            ca_ok: HashMap::new(),
            signed: HashMap::new(),
            names: HashMap::new(),
            nc_checked: HashMap::new(),
            budget: MAX_COMPARISONS,
            steps: 0,
            best: None,
        };
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        for (cert, anchor) in std::iter::once((leaf, false))
            .chain(anchors.iter().map(|c| (*c, true)))
            .chain(untrusted.iter().map(|c| (c, false)))
        {
            if let Some(&i) = index.get(cert.der()) {
                s.nodes[i].anchor |= anchor;
                continue;
            }
            let i = s.nodes.len();
            index.insert(cert.der(), i);
            let key = cert.subject().comparison_key();
            s.by_subject.entry(key.clone()).or_default().push(i);
            s.nodes.push(Node {
                cert,
                anchor,
                self_issued: cert.is_self_issued(),
                key,
            });
        }
        s
    }

    fn facts(
        &mut self,
        i: usize,
        depth: usize,
    ) -> std::result::Result<std::rc::Rc<Facts>, Violation> {
        let cert = self.nodes[i].cert;
        let r = self
            .facts
            .entry(i)
            .or_insert_with(|| profile::facts(cert, depth).map(std::rc::Rc::new))
            .clone();
        r.map_err(|mut v| {
            v.depth = depth;
            v
        })
    }

    fn record(&mut self, position: usize, kind: ErrorKind, violation: Violation) {
        if self.best.as_ref().is_none_or(|b| position > b.position) {
            self.best = Some(Failure {
                position,
                kind,
                violation,
            });
        }
    }

    /// Did `parent`'s key sign `child`?
    fn signs(&mut self, child: usize, parent: usize) -> bool {
        let (c, p) = (self.nodes[child].cert, self.nodes[parent].cert);
        *self
            .signed
            .entry((child, parent))
            .or_insert_with(|| c.verify_signed_by(p.public_key()).is_ok())
    }

    /// The rules for `i` as an issuer at `depth` that do not depend on what is below it.
    fn ca_rules(&mut self, i: usize, depth: usize) -> std::result::Result<(), Violation> {
        if let Some(r) = self.ca_ok.get(&i) {
            return r.clone().map_err(|mut v| {
                v.depth = depth;
                v
            });
        }
        let r = self.ca_rules_uncached(i, depth);
        self.ca_ok.insert(i, r.clone());
        r
    }

    fn ca_rules_uncached(&mut self, i: usize, depth: usize) -> std::result::Result<(), Violation> {
        let (cert, anchor, self_issued) = {
            let n = &self.nodes[i];
            (n.cert, n.anchor, n.self_issued)
        };
        profile::common(cert, depth, self.at)?;
        let f = self.facts(i, depth)?;
        if !anchor {
            profile::serial(cert, depth)?;
            profile::signature_algorithm(cert, depth)?;
        }
        profile::key(cert, depth, true)?;
        let self_signed = || self_issued && cert.verify_signed_by(cert.public_key()).is_ok();
        profile::ca(
            cert,
            &f,
            depth,
            self.purpose,
            self_signed,
            self_issued,
            anchor,
        )
    }

    fn names(&mut self, i: usize) -> std::rc::Rc<Vec<Name>> {
        let cert = self.nodes[i].cert;
        self.names
            .entry(i)
            .or_insert_with(|| std::rc::Rc::new(constraints::names_of(cert)))
            .clone()
    }

    /// The name constraints of `ca` (at `depth`) against certificate `below` (at `below_depth`).
    fn name_rules(
        &mut self,
        ca: usize,
        depth: usize,
        below: usize,
        below_depth: usize,
    ) -> std::result::Result<(), Violation> {
        if let Some(r) = self.nc_checked.get(&(ca, below)) {
            return r.clone();
        }
        let ca_cert = self.nodes[ca].cert;
        let Some(der) = ca_cert.extension_value("2.5.29.30") else {
            return Ok(());
        };
        let nc: NameConstraints<'_> = match constraints::parse(der) {
            Ok(nc) => nc,
            Err(_) => return Ok(()), // refused by the CA profile already
        };
        let names = self.names(below);
        let cert = self.nodes[below].cert;
        let ca_text = format!("'{}' (certificate {depth})", ca_cert.subject());
        let fix = "get a certificate whose names the CA may issue for, or chain it to a CA whose name constraints allow them";
        let r = match constraints::check(&nc, &names, &mut self.budget) {
            Outcome::Fits => Ok(()),
            Outcome::Excluded { name, subtree } => Err(Violation::new(
                "name-excluded",
                below_depth,
                cert,
                format!(
                    "its name {name} lies in {subtree}, which {ca_text} excludes by its name constraints"
                ),
                fix,
            )),
            Outcome::NotPermitted { name, permitted } => Err(Violation::new(
                "name-not-permitted",
                below_depth,
                cert,
                format!(
                    "its name {name} is outside the names {ca_text} permits by its name constraints ({permitted})"
                ),
                fix,
            )),
            Outcome::Undecidable(Undecidable::BadConstraint(why)) => Err(Violation::new(
                "name-constraints-malformed",
                depth,
                ca_cert,
                format!("{why}, so the names below it cannot be checked"),
                "have the CA re-issued with well-formed name constraints",
            )),
            Outcome::Undecidable(Undecidable::BadName(why)) => Err(Violation::new(
                "name-malformed",
                below_depth,
                cert,
                format!(
                    "it has {why}, which cannot be checked against the name constraints of {ca_text}"
                ),
                "have it re-issued with well-formed names",
            )),
            Outcome::Undecidable(Undecidable::Unsupported(why)) => Err(Violation::new(
                "name-constraint-unsupported",
                below_depth,
                cert,
                format!("{why} ({ca_text}); refusing rather than guessing"),
                "have it re-issued without names of that form, or use a CA without such constraints",
            )),
            Outcome::OverBudget => Err(Violation::new(
                "name-constraints-too-many",
                depth,
                ca_cert,
                format!(
                    "checking its name constraints against the chain would take more than {MAX_COMPARISONS} comparisons"
                ),
                "a chain like this is hostile or broken: use a CA with fewer constraints and certificates with fewer names",
            )),
        };
        self.nc_checked.insert((ca, below), r.clone());
        r
    }

    /// Checks the leaf, then searches; returns the path (indices, leaf first, anchor last).
    pub(crate) fn run(&mut self, host: Option<&str>) -> Result<Vec<Certificate>> {
        let leaf = self.nodes[0].cert;
        let leaf_anchor = self.nodes[0].anchor;
        let f = self
            .facts(0, 0)
            .map_err(|v| v.into_error(ErrorKind::Verification))?;
        let leaf_checks = (|| {
            profile::common(leaf, 0, self.at)?;
            if !leaf_anchor {
                profile::serial(leaf, 0)?;
                profile::signature_algorithm(leaf, 0)?;
            }
            profile::key(leaf, 0, false)?;
            profile::leaf(leaf, &f, self.purpose, self.nodes[0].self_issued)?;
            if let Some(h) = host
                && let Some(v) = host_violation(leaf, h, 0)
            {
                return Err(v);
            }
            Ok(())
        })();
        leaf_checks.map_err(|v| v.into_error(ErrorKind::Verification))?;
        if leaf_anchor {
            return Ok(vec![leaf.clone()]);
        }
        let mut path = vec![0usize];
        if self.extend(&mut path) {
            return Ok(path.iter().map(|&i| self.nodes[i].cert.clone()).collect());
        }
        Err(match self.best.take() {
            Some(f) => f.violation.into_error(f.kind),
            None => Error::internal("no path and no reason recorded"),
        })
    }

    /// Tries to complete `path` to a trust anchor.
    fn extend(&mut self, path: &mut Vec<usize>) -> bool {
        self.steps += 1;
        let child = *path.last().unwrap_or(&0);
        let child_depth = path.len() - 1;
        let depth = path.len();
        let child_cert = self.nodes[child].cert;
        if self.steps > MAX_STEPS {
            self.record(
                depth,
                ErrorKind::ChainIncomplete,
                Violation::new(
                    "path-search-limit",
                    child_depth,
                    child_cert,
                    format!("no path to a trust anchor was found within {MAX_STEPS} candidate steps (a mesh of cross-signed certificates)"),
                    "give only the intermediates this certificate needs",
                ),
            );
            return false;
        }
        let issuer_key = child_cert.issuer().comparison_key();
        let mut candidates: Vec<usize> = self
            .by_subject
            .get(&issuer_key)
            .cloned()
            .unwrap_or_default();
        // Never the same certificate twice, nor the same name and key twice (a loop of
        // cross-signatures).
        candidates.retain(|&p| {
            !path.contains(&p)
                && !path.iter().any(|&q| {
                    self.nodes[q].key == self.nodes[p].key
                        && self.nodes[q].cert.public_key() == self.nodes[p].cert.public_key()
                })
        });
        if candidates.is_empty() {
            let self_signed = self.nodes[child].self_issued && self.signs(child, child);
            let v = if self_signed {
                Violation::new(
                    "untrusted-root",
                    child_depth,
                    child_cert,
                    "the chain ends at this self-signed certificate, which is not a trusted root",
                    "trust this root (give it as a root, or add it to the system store) if it is yours; otherwise get the chain of a CA that clients trust",
                )
            } else {
                let urls = child_cert.ca_issuers_urls();
                Violation::new(
                    "issuer-missing",
                    child_depth,
                    child_cert,
                    format!(
                        "the chain is incomplete: no certificate for '{}', its issuer{}",
                        child_cert.issuer(),
                        urls.first()
                            .map(|u| format!(" (published at {u})"))
                            .unwrap_or_default()
                    ),
                    "add the issuing CA's intermediate certificate to the chain (or trust its root)",
                )
            };
            let kind = if self_signed {
                ErrorKind::Verification
            } else {
                ErrorKind::ChainIncomplete
            };
            self.record(depth, kind, v);
            return false;
        }
        if depth >= MAX_CHAIN_DEPTH {
            self.record(
                depth,
                ErrorKind::ChainIncomplete,
                Violation::new(
                    "depth-limit",
                    child_depth,
                    child_cert,
                    format!("no trust anchor within {MAX_CHAIN_DEPTH} certificates (sslkit's depth limit)"),
                    "give a shorter chain",
                ),
            );
            return false;
        }
        // Trust anchors first, then issuers whose key the child names, then the longest lived.
        let aki = child_cert.authority_key_id();
        candidates.sort_by_key(|&p| {
            let n = &self.nodes[p];
            let key_match = match (&aki, n.cert.subject_key_id()) {
                (Some(a), Some(s)) => *a == s,
                _ => true,
            };
            (!n.anchor, !key_match, std::cmp::Reverse(n.cert.not_after()))
        });
        for p in candidates {
            if let Err(v) = self.ca_rules(p, depth) {
                self.record(depth, ErrorKind::Verification, v);
                continue;
            }
            if let Err(v) = self.path_rules(p, depth, path) {
                self.record(depth, ErrorKind::Verification, v);
                continue;
            }
            if !self.signs(child, p) {
                let p_cert = self.nodes[p].cert;
                self.record(
                    depth,
                    ErrorKind::Verification,
                    Violation::new(
                        "bad-signature",
                        child_depth,
                        child_cert,
                        format!(
                            "its signature does not verify with the key of '{}', the certificate that carries its issuer's name",
                            p_cert.subject()
                        ),
                        "the certificate was altered, or the issuer given is another CA of the same name: get the CA's matching certificate",
                    ),
                );
                continue;
            }
            path.push(p);
            if self.nodes[p].anchor || self.extend(path) {
                return true;
            }
            path.pop();
        }
        false
    }

    /// The rules for issuer `p` at `depth` that depend on the certificates below it: its path
    /// length and its name constraints.
    fn path_rules(
        &mut self,
        p: usize,
        depth: usize,
        path: &[usize],
    ) -> std::result::Result<(), Violation> {
        let f = self.facts(p, depth)?;
        // RFC 5280 6.1.4 (l)-(m): self-issued intermediates do not count.
        let below = path[1..]
            .iter()
            .filter(|&&i| !self.nodes[i].self_issued)
            .count();
        if let Some(max) = profile::path_len(&f)
            && below > usize::from(max)
        {
            return Err(Violation::new(
                "path-length",
                depth,
                self.nodes[p].cert,
                format!(
                    "its pathLenConstraint allows {max} intermediate CA certificate(s) below it, and the chain has {below}"
                ),
                "use a shorter chain, or a CA whose pathLenConstraint allows it",
            ));
        }
        if f.has_nc {
            for (d, &i) in path.iter().enumerate() {
                // RFC 5280 6.1.3 (b): self-issued intermediates are exempt, the leaf never.
                if d > 0 && self.nodes[i].self_issued {
                    continue;
                }
                self.name_rules(p, depth, i, d)?;
            }
        }
        Ok(())
    }
}
