//! RSA key generation checks, run by `scripts/test-keygen`:
//!
//! - `ct_keygen BITS...` (under valgrind): built with the `ct-check` feature, sslkit marks
//!   every candidate, prime and random base undefined to memcheck as it draws them, so a branch
//!   or a memory index that depends on one is reported as a use of an uninitialised value. One
//!   key of each size, on one thread, on whichever arithmetic path the processor and
//!   `SSLKIT_FORCE_PORTABLE` select (printed).
//! - `ct_keygen --canary` (under valgrind) branches on a marked value on purpose: the script
//!   checks that valgrind reports it, so that a harness that checks nothing cannot pass.
//! - `ct_keygen --write DIR COUNT BITS...` writes COUNT keys of each size to DIR as PEM, for
//!   `openssl rsa -check` and pyca/cryptography's key validation.

fn main() -> Result<(), sslkit::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = if sslkit_mont::Ifma::<3>::available() {
        "AVX-512 IFMA"
    } else if sslkit_mont::forced_portable() {
        "portable (SSLKIT_FORCE_PORTABLE=1)"
    } else {
        "portable (no AVX-512 IFMA on this processor, or valgrind hides it)"
    };
    match args.first().map(String::as_str) {
        Some("--canary") => {
            let mut secret = [std::process::id() as u64];
            sslkit_ctgrind::classify(&mut secret);
            // A deliberate secret-dependent branch.
            if std::hint::black_box(secret)[0] & 1 == 1 {
                println!("canary: odd");
            } else {
                println!("canary: even");
            }
        }
        Some("--write") => {
            let dir = std::path::PathBuf::from(&args[1]);
            let count: usize = args[2].parse().expect("COUNT");
            for bits in args[3..].iter().map(|a| a.parse::<u32>().expect("BITS")) {
                for i in 0..count {
                    let key = sslkit::PrivateKey::generate_with_workers(
                        sslkit::KeyType::Rsa,
                        Some(bits),
                        2,
                    )?;
                    let file = dir.join(format!("rsa{bits}-{i}.pem"));
                    std::fs::write(&file, key.to_pem()?.as_bytes()).map_err(|e| {
                        sslkit::Error::new(
                            sslkit::ErrorKind::Io,
                            format!("{}: {e}", file.display()),
                        )
                    })?;
                }
                println!(
                    "{count} RSA-{bits} keys written to {} ({path})",
                    dir.display()
                );
            }
        }
        _ => {
            println!(
                "valgrind: {}; arithmetic: {path}",
                if sslkit_ctgrind::running_on_valgrind() {
                    "yes"
                } else {
                    "no (the check means nothing outside valgrind)"
                }
            );
            for bits in args.iter().filter_map(|a| a.parse::<u32>().ok()) {
                let key =
                    sslkit::PrivateKey::generate_with_workers(sslkit::KeyType::Rsa, Some(bits), 1)?;
                println!("RSA-{bits}: generated, {} bits", key.bits());
            }
        }
    }
    Ok(())
}
