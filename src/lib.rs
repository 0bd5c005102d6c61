//! The workspace root package. Its build script keeps `generated/` (the
//! `ird-gateway` crate) in step with `spec/`; its tests check the bindings
//! against the real SDK. It exports nothing.
