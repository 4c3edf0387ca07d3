//! The panic boundary and the per-thread last error: [`guard`] runs the body of every fallible
//! function, turns a [`Failure`] or a caught panic into an `sslkit_result`, and records the
//! message that `sslkit_last_error_message` returns.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::sslkit_result;

/// Why a call failed: the code returned to C and the message kept for
/// `sslkit_last_error_message`.
#[derive(Debug)]
pub struct Failure {
    code: sslkit_result,
    message: String,
    /// Messages made at the boundary (NULL arguments) name the function; core messages stand
    /// alone, the same in every face.
    name_function: bool,
}

impl Failure {
    /// `SSLKIT_ERR_NULL_ARGUMENT` for the argument `name`.
    pub fn null(name: &str) -> Self {
        Failure {
            code: sslkit_result::SSLKIT_ERR_NULL_ARGUMENT,
            message: format!("argument `{name}` is NULL"),
            name_function: true,
        }
    }

    /// `SSLKIT_ERR_INVALID_INPUT` with a message.
    pub fn invalid(message: impl Into<String>) -> Self {
        Failure {
            code: sslkit_result::SSLKIT_ERR_INVALID_INPUT,
            message: message.into(),
            name_function: true,
        }
    }

    /// The code returned to C.
    pub fn code(&self) -> sslkit_result {
        self.code
    }
}

impl From<sslkit::Error> for Failure {
    fn from(err: sslkit::Error) -> Self {
        Failure {
            code: sslkit_result::from_kind(err.kind()),
            message: err.message().to_string(),
            name_function: false,
        }
    }
}

/// What the body of an exported function returns.
pub type Outcome = Result<(), Failure>;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_last_error(message: String) {
    // try_with: during thread teardown the slot may be gone; then there is no one to tell.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut s) = slot.try_borrow_mut() {
            *s = message;
        }
    });
}

/// Runs `f` with the calling thread's last error message ("" when the last call succeeded).
pub fn with_last_error<R>(f: impl FnOnce(&str) -> R) -> R {
    let message = LAST_ERROR
        .try_with(|slot| slot.try_borrow().map(|s| s.clone()).unwrap_or_default())
        .unwrap_or_default();
    f(&message)
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

/// The panic boundary of every fallible function: runs `body`, turns its failure (or a panic)
/// into a result code, and records the message for `sslkit_last_error_message` (cleared on
/// success). Nothing unwinds out of this function.
pub fn guard(function: &'static str, body: impl FnOnce() -> Outcome) -> sslkit_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error(String::new());
            sslkit_result::SSLKIT_OK
        }
        Ok(Err(failure)) => {
            let code = failure.code;
            set_last_error(if failure.name_function {
                format!("{function}: {}", failure.message)
            } else {
                failure.message
            });
            code
        }
        Err(payload) => {
            set_last_error(format!(
                "{function}: internal error (panic: {}); please report this bug",
                panic_message(&*payload)
            ));
            // The payload's own destructor could panic in theory; keep that inside too.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            sslkit_result::SSLKIT_ERR_PANIC
        }
    }
}

/// The panic boundary of functions that cannot fail and return a value (`_free`, names):
/// a panic gives `fallback`.
pub fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_code_and_a_message() {
        let r = guard("sslkit_test", || panic!("boom"));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_PANIC);
        with_last_error(|m| {
            assert!(
                m.starts_with("sslkit_test: internal error (panic: boom)"),
                "{m}"
            )
        });
        let r = guard("sslkit_test", || std::panic::panic_any(42_u8));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_PANIC);
        with_last_error(|m| assert!(m.contains("(no message)"), "{m}"));
        assert_eq!(guard_value(7, || panic!("x")), 7);
    }

    #[test]
    fn success_clears_the_message_and_failures_set_it() {
        let r = guard("sslkit_test", || Err(Failure::null("pem")));
        assert_eq!(r, sslkit_result::SSLKIT_ERR_NULL_ARGUMENT);
        with_last_error(|m| assert_eq!(m, "sslkit_test: argument `pem` is NULL"));
        let r = guard("sslkit_test", || {
            Err(sslkit::Error::new(sslkit::ErrorKind::WrongPassphrase, "wrong").into())
        });
        assert_eq!(r, sslkit_result::SSLKIT_ERR_WRONG_PASSPHRASE);
        with_last_error(|m| assert_eq!(m, "wrong"));
        assert_eq!(guard("sslkit_test", || Ok(())), sslkit_result::SSLKIT_OK);
        with_last_error(|m| assert_eq!(m, ""));
    }

    #[test]
    fn core_errors_keep_their_kind_and_message() {
        for kind in sslkit::ErrorKind::ALL {
            let failure = Failure::from(sslkit::Error::new(kind, "why"));
            assert_eq!(failure.code() as u32, kind.code(), "{kind}");
            let r = guard(
                "sslkit_test",
                || Err(sslkit::Error::new(kind, "why").into()),
            );
            assert_eq!(r.to_kind(), Some(kind));
            with_last_error(|m| assert_eq!(m, "why"));
        }
    }
}
