//! Times: aware UTC datetimes out; aware (any zone) or naive-as-UTC datetimes in.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::errors::invalid;

/// The `datetime` module's objects used here, looked up once.
struct DateTimeApi {
    epoch: Py<PyAny>,
    timedelta: Py<PyAny>,
    datetime: Py<PyAny>,
    utc: Py<PyAny>,
}

static DATETIME: PyOnceLock<DateTimeApi> = PyOnceLock::new();

fn datetime_api(py: Python<'_>) -> PyResult<&DateTimeApi> {
    DATETIME.get_or_try_init(py, || {
        let m = py.import("datetime")?;
        let utc = m.getattr("timezone")?.getattr("utc")?;
        let datetime = m.getattr("datetime")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", &utc)?;
        let epoch = datetime.call((1970, 1, 1), Some(&kwargs))?;
        Ok(DateTimeApi {
            epoch: epoch.unbind(),
            timedelta: m.getattr("timedelta")?.unbind(),
            datetime: datetime.unbind(),
            utc: utc.unbind(),
        })
    })
}

/// A `SystemTime` as an aware `datetime` in UTC.
pub(crate) fn to_datetime<'py>(py: Python<'py>, t: SystemTime) -> PyResult<Bound<'py, PyAny>> {
    let api = datetime_api(py)?;
    let (secs, micros): (i64, i64) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, i64::from(d.subsec_micros())),
        Err(e) => {
            let d = e.duration();
            (-(d.as_secs() as i64), -i64::from(d.subsec_micros()))
        }
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("seconds", secs)?;
    kwargs.set_item("microseconds", micros)?;
    let delta = api.timedelta.bind(py).call((), Some(&kwargs))?;
    api.epoch.bind(py).call_method1("__add__", (delta,))
}

/// A `datetime` as a `SystemTime`. Naive datetimes are taken as UTC (as pyca/cryptography
/// does); aware ones may be in any zone.
pub(crate) fn from_datetime(obj: &Bound<'_, PyAny>) -> PyResult<SystemTime> {
    let py = obj.py();
    let api = datetime_api(py)?;
    if !obj.is_instance(api.datetime.bind(py))? {
        return Err(PyTypeError::new_err(
            "a time must be a datetime.datetime (UTC, timezone-aware)",
        ));
    }
    let dt = if obj.getattr("tzinfo")?.is_none() {
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", api.utc.bind(py))?;
        obj.call_method("replace", (), Some(&kwargs))?
    } else {
        obj.clone()
    };
    let delta = dt.call_method1("__sub__", (api.epoch.bind(py),))?;
    let days: i64 = delta.getattr("days")?.extract()?;
    let seconds: i64 = delta.getattr("seconds")?.extract()?;
    let micros: i64 = delta.getattr("microseconds")?.extract()?;
    let total_micros = (days * 86_400 + seconds) as i128 * 1_000_000 + micros as i128;
    let magnitude = Duration::from_micros(total_micros.unsigned_abs() as u64);
    let t = if total_micros >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    };
    t.ok_or_else(|| invalid("the time is out of range"))
}

/// An optional time argument (None: the caller's default, usually now).
pub(crate) fn opt_time(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SystemTime>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => from_datetime(o).map(Some),
    }
}
