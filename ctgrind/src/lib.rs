//! Valgrind memcheck client requests for constant-time testing, as BoringSSL's
//! `CONSTTIME_SECRET` / `CONSTTIME_DECLASSIFY` use them: [`classify`] marks a secret's bytes
//! *undefined*, so memcheck reports every conditional branch and every memory address that
//! depends on them ("Conditional jump or move depends on uninitialised value(s)", "Use of
//! uninitialised value of size 8"); [`declassify`] marks a value that may be public (the verdict
//! on a rejected candidate, say) defined again.
//!
//! Outside valgrind the client-request sequence is a no-op (four rotations of `rdi` by 128 bits
//! in all and `xchg rbx, rbx`), and off x86-64 the functions do nothing. sslkit's core uses this
//! crate only with its `ct-check` feature, which exists for the constant-time test.

#![deny(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![cfg_attr(not(target_arch = "x86_64"), forbid(unsafe_code))]

/// `VG_USERREQ_TOOL_BASE('M', 'C')`: memcheck's first request, `MAKE_MEM_NOACCESS`.
const MEMCHECK_BASE: u64 = (b'M' as u64) << 24 | (b'C' as u64) << 16;
const MAKE_MEM_UNDEFINED: u64 = MEMCHECK_BASE + 1;
const MAKE_MEM_DEFINED: u64 = MEMCHECK_BASE + 2;
const RUNNING_ON_VALGRIND: u64 = 0x1001;

/// Sends one client request; returns `default` when not running under valgrind.
#[inline(never)]
fn request(default: u64, args: [u64; 6]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        let mut result = default;
        // SAFETY: this is valgrind's documented "special instruction sequence" for amd64
        // (valgrind.h, VALGRIND_DO_CLIENT_REQUEST_EXPR): rotating rdi by 3, 13, 61 and 51 bits
        // leaves it unchanged (128 bits in all), `xchg rbx, rbx` changes nothing, so natively
        // the sequence has no effect; rdi is declared clobbered anyway. Under valgrind it reads
        // the six words at rax (a live local array) and writes the answer to rdx.
        unsafe {
            core::arch::asm!(
                "rol rdi, 3",
                "rol rdi, 13",
                "rol rdi, 61",
                "rol rdi, 51",
                "xchg rbx, rbx",
                inout("rdx") result,
                in("rax") args.as_ptr(),
                inout("rdi") 0u64 => _,
                options(nostack),
            );
        }
        result
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = args;
        default
    }
}

/// Whether this process runs under valgrind.
pub fn running_on_valgrind() -> bool {
    request(0, [RUNNING_ON_VALGRIND, 0, 0, 0, 0, 0]) != 0
}

/// Marks the bytes of `words` undefined (secret) for memcheck. It takes `&mut` so that the
/// compiler reloads the values afterwards instead of reusing copies held in registers.
pub fn classify(words: &mut [u64]) {
    request(
        0,
        [
            MAKE_MEM_UNDEFINED,
            words.as_ptr() as u64,
            std::mem::size_of_val(words) as u64,
            0,
            0,
            0,
        ],
    );
}

/// Marks the bytes of `words` defined (public) again (`&mut`: see [`classify`]).
pub fn declassify(words: &mut [u64]) {
    request(
        0,
        [
            MAKE_MEM_DEFINED,
            words.as_ptr() as u64,
            std::mem::size_of_val(words) as u64,
            0,
            0,
            0,
        ],
    );
}

/// [`classify`] for bytes.
pub fn classify_bytes(bytes: &mut [u8]) {
    request(
        0,
        [
            MAKE_MEM_UNDEFINED,
            bytes.as_ptr() as u64,
            bytes.len() as u64,
            0,
            0,
            0,
        ],
    );
}

/// [`declassify`] for bytes.
pub fn declassify_bytes(bytes: &mut [u8]) {
    request(
        0,
        [
            MAKE_MEM_DEFINED,
            bytes.as_ptr() as u64,
            bytes.len() as u64,
            0,
            0,
            0,
        ],
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn requests_are_no_ops_natively() {
        let mut x = [1u64, 2, 3];
        super::classify(&mut x);
        super::declassify(&mut x);
        assert_eq!(x, [1, 2, 3]);
        // Under `cargo test` valgrind is not running.
        assert!(!super::running_on_valgrind());
    }
}
