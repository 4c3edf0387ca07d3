//! Gives libsslkit.so a SONAME on ELF platforms, so that programs linked against it load a
//! compatible version: `libsslkit.so.<major>` from 1.0 on, `libsslkit.so.0.<minor>` before
//! (in 0.x every minor release may change the ABI). scripts/install-c installs the library
//! under that name with the usual symbolic links.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let elf = matches!(
        os.as_str(),
        "linux"
            | "android"
            | "freebsd"
            | "netbsd"
            | "openbsd"
            | "dragonfly"
            | "illumos"
            | "solaris"
    );
    if elf {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
        let abi = if major == "0" {
            format!("0.{minor}")
        } else {
            major
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsslkit.so.{abi}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
