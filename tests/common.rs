//! Helpers shared by the tests over the real SDK.

use std::path::PathBuf;

/// The SDK root the build used: `IRD_SDK_DIR`, else `../shared/ird-sdk`.
pub fn sdk_dir() -> PathBuf {
    ird_codegen::manifest::sdk_dir(&workspace())
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The SDK path of one API's folder.
pub fn api_dir(relative: &str) -> PathBuf {
    sdk_dir().join(relative)
}
