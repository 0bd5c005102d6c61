//! Regenerates `generated/` from `spec/` on `cargo build`; verifies instead
//! of writing under CI. See `codegen/src/build_script.rs`.

#[global_allocator]
static ALLOCATOR: ird_codegen::Allocator = ird_codegen::Allocator;

fn main() {
    let workspace = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    ird_codegen::build_script::main(&workspace);
}
