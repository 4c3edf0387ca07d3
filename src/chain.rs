//! Chain assembly (leaf + an unordered pile → leaf, intermediates, root) and verification
//! against trust anchors at a given time, with an optional host name check.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::SystemTime;

use crate::Certificate;
use crate::error::{Error, ErrorKind, Result};

/// The longest chain sslkit builds (leaf included).
pub const MAX_CHAIN_DEPTH: usize = 10;
/// The most certificates a pool may hold.
pub const MAX_POOL_SIZE: usize = 100_000;
/// How many partial paths the search may look at before giving up (cross-signing meshes).
pub(crate) const MAX_STEPS: usize = 10_000;

/// Where the system's trusted roots are read from (Debian and derivatives); `SSL_CERT_FILE`
/// overrides it.
pub const SYSTEM_ROOTS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The system's trusted root certificates (`SSL_CERT_FILE` or [`SYSTEM_ROOTS`]).
pub fn system_roots() -> Result<Vec<Certificate>> {
    let path = std::env::var_os("SSL_CERT_FILE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| SYSTEM_ROOTS.into());
    load_bundle_file(&path)
}

/// Where trust comes from, said explicitly: nothing in sslkit falls back to the system store
/// on its own.
///
/// ```
/// use sslkit::Roots;
/// let mine = Roots::Given(vec![]);
/// assert!(!mine.includes_system());
/// assert!(Roots::System.includes_system());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// The system's trust store ([`system_roots`]); a store that cannot be read is an error,
    /// never an empty set.
    System,
    /// Only these certificates.
    Given(Vec<Certificate>),
    /// These and the system's.
    Both(Vec<Certificate>),
}

impl Roots {
    /// Whether the system store takes part.
    pub fn includes_system(&self) -> bool {
        matches!(self, Roots::System | Roots::Both(_))
    }

    /// The certificates given explicitly (none for [`Roots::System`]).
    pub fn given(&self) -> &[Certificate] {
        match self {
            Roots::System => &[],
            Roots::Given(r) | Roots::Both(r) => r,
        }
    }

    /// Every trusted certificate: the given ones, then the system's when they take part.
    pub fn load(&self) -> Result<Vec<Certificate>> {
        let mut all = self.given().to_vec();
        if self.includes_system() {
            all.extend(system_roots()?);
        }
        Ok(all)
    }
}

/// A server's chain as [`assemble`] found it: what to send, and the root it ends at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssembledChain {
    /// The leaf, then each issuer up to (not including) the root: what a server sends
    /// (`SSLCertificateChainFile` gets all but the first).
    pub chain: Vec<Certificate>,
    /// The root the path ends at (a trusted root or a self-signed certificate of the pool),
    /// when it reaches one; None for a self-signed leaf alone.
    pub root: Option<Certificate>,
}

impl AssembledChain {
    /// The chain followed by its root, for the rare server that must send it.
    pub fn with_root(&self) -> Vec<Certificate> {
        let mut all = self.chain.clone();
        all.extend(self.root.clone());
        all
    }
}

fn load_bundle_file(path: &Path) -> Result<Vec<Certificate>> {
    let data = crate::fs::read_input(path)?;
    crate::load_certificates(&data).map_err(|e| e.context(path.display()))
}

struct Graph<'a> {
    certs: Vec<&'a Certificate>,
    anchor: Vec<bool>,
    by_subject: HashMap<String, Vec<usize>>,
    verified: HashMap<(usize, usize), bool>,
    self_signed: HashMap<usize, bool>,
    steps: usize,
}

impl<'a> Graph<'a> {
    fn new(leaf: &'a Certificate, pool: &'a [Certificate], anchors: &'a [Certificate]) -> Self {
        let mut seen: HashSet<&[u8]> = HashSet::new();
        let mut g = Graph {
            certs: Vec::new(),
            anchor: Vec::new(),
            by_subject: HashMap::new(),
            verified: HashMap::new(),
            self_signed: HashMap::new(),
            steps: 0,
        };
        seen.insert(leaf.der());
        g.push(leaf, false);
        // Anchors first so that a root present in both the pool and the anchors is an anchor.
        for (c, is_anchor) in anchors
            .iter()
            .map(|c| (c, true))
            .chain(pool.iter().map(|c| (c, false)))
        {
            if seen.insert(c.der()) {
                g.push(c, is_anchor);
            } else if is_anchor && c.der() == leaf.der() {
                g.anchor[0] = true;
            }
        }
        g
    }

    fn push(&mut self, c: &'a Certificate, anchor: bool) {
        let i = self.certs.len();
        self.certs.push(c);
        self.anchor.push(anchor);
        self.by_subject
            .entry(c.subject().comparison_key())
            .or_default()
            .push(i);
    }

    fn signs(&mut self, child: usize, parent: usize) -> bool {
        if let Some(&v) = self.verified.get(&(child, parent)) {
            return v;
        }
        let c = self.certs[child];
        let p = self.certs[parent];
        let key_ids_agree = match (c.authority_key_id(), p.subject_key_id()) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        };
        let ok = key_ids_agree && c.verify_signed_by(p.public_key()).is_ok();
        self.verified.insert((child, parent), ok);
        ok
    }

    fn is_self_signed(&mut self, i: usize) -> bool {
        if let Some(&v) = self.self_signed.get(&i) {
            return v;
        }
        let c = self.certs[i];
        let v = c.is_self_issued() && c.verify_signed_by(c.public_key()).is_ok();
        self.self_signed.insert(i, v);
        v
    }
    /// Certificates whose subject is `child`'s issuer name (other than `child`).
    fn named_issuers(&self, child: usize) -> Vec<usize> {
        let key = self.certs[child].issuer().comparison_key();
        let mut v = self.by_subject.get(&key).cloned().unwrap_or_default();
        v.retain(|&p| p != child);
        v
    }

    fn issuers(&mut self, child: usize) -> Vec<usize> {
        self.named_issuers(child)
            .into_iter()
            .filter(|&p| self.signs(child, p))
            .collect()
    }
}

/// Why a path could not be extended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dead {
    /// No certificate carries the issuer's name.
    Missing,
    /// Certificates carry the issuer's name but none verifies the signature.
    BadSignature(usize),
    /// Every issuer is already on the path.
    Cycle,
}

/// A finished search: the best complete path, or the longest incomplete one.
struct Search {
    best: Option<(Score, Vec<usize>)>,
    longest_incomplete: Vec<usize>,
    dead: Dead,
    hit_depth: bool,
    hit_steps: bool,
}

/// Higher is better: ends at a given anchor, fewer intermediates that expire before the leaf,
/// fewer not valid now, shorter, intermediates that live longer.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
struct Score {
    at_anchor: bool,
    expire_before_leaf: std::cmp::Reverse<usize>,
    invalid_now: std::cmp::Reverse<usize>,
    shortness: isize,
    min_not_after: SystemTime,
}

fn search(g: &mut Graph<'_>, at: SystemTime, require_anchor: bool) -> Search {
    let mut s = Search {
        best: None,
        longest_incomplete: vec![0],
        dead: Dead::Missing,
        hit_depth: false,
        hit_steps: false,
    };
    let mut path = vec![0usize];
    dfs(g, &mut path, &mut s, at, require_anchor);
    s
}

fn dfs(
    g: &mut Graph<'_>,
    path: &mut Vec<usize>,
    s: &mut Search,
    at: SystemTime,
    require_anchor: bool,
) {
    g.steps += 1;
    if g.steps > MAX_STEPS {
        s.hit_steps = true;
        return;
    }
    let last = *path.last().unwrap_or(&0);
    let at_anchor = g.anchor[last];
    let complete = at_anchor || (!require_anchor && g.is_self_signed(last));
    if complete {
        let leaf_end = g.certs[0].not_after();
        let inters: Vec<usize> = if at_anchor || path.len() == 1 {
            path[1..].to_vec()
        } else {
            path[1..path.len() - 1].to_vec()
        };
        let score = Score {
            at_anchor,
            expire_before_leaf: std::cmp::Reverse(
                inters
                    .iter()
                    .filter(|&&i| g.certs[i].not_after() < leaf_end)
                    .count(),
            ),
            invalid_now: std::cmp::Reverse(
                inters
                    .iter()
                    .filter(|&&i| !g.certs[i].is_valid_at(at))
                    .count(),
            ),
            shortness: -(path.len() as isize),
            min_not_after: inters
                .iter()
                .map(|&i| g.certs[i].not_after())
                .min()
                .unwrap_or(SystemTime::UNIX_EPOCH),
        };
        let better = match &s.best {
            None => true,
            Some((b, bp)) => {
                score > *b
                    // Equal scores: the smallest DER wins, so the pool's order never matters.
                    || (score == *b && der_key(g, path) < der_key(g, bp))
            }
        };
        if better {
            s.best = Some((score, path.clone()));
        }
        // An anchor ends the path; a self-signed root too.
        return;
    }
    if path.len() >= MAX_CHAIN_DEPTH {
        s.hit_depth = true;
        return;
    }
    let issuers = g.issuers(last);
    let mut extended = false;
    for &p in &issuers {
        if path.contains(&p) {
            continue; // a cycle
        }
        extended = true;
        path.push(p);
        dfs(g, path, s, at, require_anchor);
        path.pop();
    }
    if !extended && path.len() > s.longest_incomplete.len() {
        s.longest_incomplete = path.clone();
        s.dead = if !issuers.is_empty() {
            Dead::Cycle
        } else {
            match g.named_issuers(last).first() {
                Some(&p) => Dead::BadSignature(p),
                None => Dead::Missing,
            }
        };
    }
}

fn der_key(g: &Graph<'_>, path: &[usize]) -> Vec<u8> {
    path.iter()
        .flat_map(|&i| g.certs[i].der().to_vec())
        .collect()
}

/// The error for a search that found no complete path.
fn no_path(g: &Graph<'_>, s: &Search) -> Error {
    let last = *s.longest_incomplete.last().unwrap_or(&0);
    let cert = g.certs[last];
    match s.dead {
        Dead::BadSignature(p) if !s.hit_depth && !s.hit_steps => Error::new(
            ErrorKind::Verification,
            format!(
                "the signature of '{}' does not verify with the key of '{}', the certificate that carries its issuer's name",
                cert.subject(),
                g.certs[p].subject()
            ),
        ),
        Dead::Cycle if !s.hit_depth && !s.hit_steps => Error::new(
            ErrorKind::ChainIncomplete,
            format!(
                "the chain loops back on itself above '{}' without reaching a root",
                cert.subject()
            ),
        ),
        _ if s.hit_depth => Error::new(
            ErrorKind::ChainIncomplete,
            format!(
                "no path from '{}' to a root within {MAX_CHAIN_DEPTH} certificates (sslkit's depth limit)",
                g.certs[0].subject()
            ),
        ),
        _ if s.hit_steps => Error::new(
            ErrorKind::ChainIncomplete,
            format!(
                "gave up after {MAX_STEPS} candidate paths (a mesh of cross-signed certificates) without reaching a root from '{}'",
                g.certs[0].subject()
            ),
        ),
        _ => missing_issuer(cert),
    }
}

fn missing_issuer(cert: &Certificate) -> Error {
    let mut msg = format!(
        "the chain is incomplete: no certificate for '{}', the issuer of '{}'",
        cert.issuer(),
        cert.subject()
    );
    let urls = cert.ca_issuers_urls();
    if let Some(u) = urls.first() {
        msg.push_str(&format!(" (its certificate is published at {u})"));
    }
    Error::new(ErrorKind::ChainIncomplete, msg)
}

/// Puts a server's chain in order for `SSLCertificateChainFile` / nginx's `ssl_certificate`:
/// `leaf`, then its intermediates, then the root only when `include_root`.
///
/// `pool` may hold certificates from several files in any order, with duplicates, unrelated
/// certificates, roots and cross-signed intermediates; each issuer is found by name (RFC 5280
/// comparison) and AKI/SKI, and confirmed by its signature. `roots` are trust anchors: a path
/// ending at one is preferred. Without `roots`, a path must end at a self-signed root from the
/// pool or the system store. Among complete paths, ones whose intermediates outlive the leaf
/// win, then shorter ones.
///
/// Errors: `ChainIncomplete` naming the missing issuer (and its AIA caIssuers URL).
///
/// ```
/// use sslkit::{assemble_chain, CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile};
/// let k = || PrivateKey::generate(KeyType::Ed25519, None);
/// let root = CertificateAuthority::create_root("/CN=Root", Some(k()?), None)?;
/// let inter = root.create_intermediate("/CN=Inter", Some(k()?), Some(0), None)?;
/// let leaf = inter.sign(&CertificateSigningRequest::create(&k()?, "/CN=a.test", &[])?, Profile::Server, None)?;
/// let pool = vec![root.certificate().clone(), inter.certificate().clone()];
/// let chain = assemble_chain(&leaf, &pool, None, false)?;
/// assert_eq!(chain, vec![leaf, inter.certificate().clone()]);
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn assemble_chain(
    leaf: &Certificate,
    pool: &[Certificate],
    roots: Option<&[Certificate]>,
    include_root: bool,
) -> Result<Vec<Certificate>> {
    assemble_at(leaf, pool, roots, include_root, SystemTime::now())
}

/// [`assemble_chain`] with the time that "valid" refers to pinned.
pub fn assemble_at(
    leaf: &Certificate,
    pool: &[Certificate],
    roots: Option<&[Certificate]>,
    include_root: bool,
    at: SystemTime,
) -> Result<Vec<Certificate>> {
    let roots = match roots {
        Some(r) => Roots::Given(r.to_vec()),
        None => Roots::System,
    };
    let found = assemble(leaf, pool, &roots, at)?;
    Ok(if include_root {
        found.with_root()
    } else {
        found.chain
    })
}

/// Puts a server's chain in order: from `leaf` through the `pool` (any order, duplicates and
/// strangers allowed) to a root, checking every signature, preferring certificates valid at
/// `at`. With [`Roots::System`], a path that ends at a self-signed certificate of the pool is
/// taken first (a private CA), else one that ends at a root of the system store.
///
/// ```
/// use std::time::SystemTime;
/// use sslkit::{assemble, CertificateAuthority, CertificateSigningRequest, KeyType, PrivateKey, Profile, Roots};
/// let k = || PrivateKey::generate(KeyType::Ed25519, None);
/// let root = CertificateAuthority::create_root("/CN=Root", Some(k()?), None)?;
/// let inter = root.create_intermediate("/CN=Inter", Some(k()?), Some(0), None)?;
/// let leaf = inter.sign(&CertificateSigningRequest::create(&k()?, "/CN=a.test", &[])?, Profile::Server, None)?;
/// let found = assemble(&leaf, &[inter.certificate().clone()],
///                      &Roots::Given(vec![root.certificate().clone()]), SystemTime::now())?;
/// assert_eq!(found.chain, vec![leaf, inter.certificate().clone()]);
/// assert_eq!(found.root.as_ref(), Some(root.certificate()));
/// # Ok::<(), sslkit::Error>(())
/// ```
pub fn assemble(
    leaf: &Certificate,
    pool: &[Certificate],
    roots: &Roots,
    at: SystemTime,
) -> Result<AssembledChain> {
    if pool.len() > MAX_POOL_SIZE {
        return Err(Error::invalid(format!(
            "the pool holds {} certificates; sslkit takes at most {MAX_POOL_SIZE}",
            pool.len()
        )));
    }
    let anchors: Vec<Certificate> = match roots {
        Roots::System => Vec::new(),
        other => other.load()?,
    };
    let mut g = Graph::new(leaf, pool, &anchors);
    let mut s = search(&mut g, at, false);
    if s.best.is_none() && *roots == Roots::System {
        // The root may be in the system store only (public CAs).
        let system = system_roots().map_err(|e| {
            no_path(&g, &s).note(format!("the system's roots could not be read either: {e}"))
        })?;
        let mut g2 = Graph::new(leaf, pool, &system);
        let s2 = search(&mut g2, at, false);
        if let Some((_, path)) = s2.best {
            return Ok(finish(&g2, &path));
        }
    }
    match s.best.take() {
        Some((_, path)) => Ok(finish(&g, &path)),
        None => Err(no_path(&g, &s)),
    }
}

fn finish(g: &Graph<'_>, path: &[usize]) -> AssembledChain {
    let mut chain: Vec<Certificate> = path.iter().map(|&i| g.certs[i].clone()).collect();
    let mut root = None;
    if chain.len() > 1 {
        let top = chain.len() - 1;
        if g.anchor[path[top]] || chain[top].is_self_issued() {
            root = chain.pop();
        }
    }
    AssembledChain { chain, root }
}
