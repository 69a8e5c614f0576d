//! Scratch (not committed): type sizes.
use goodwill_engine::schema::*;
fn main() {
    println!(
        "Choice {} Node {} Text {} Next {} Condition {} LineVariant {} Option<Source> {}",
        size_of::<Choice>(),
        size_of::<Node>(),
        size_of::<goodwill_engine::Text>(),
        size_of::<Next>(),
        size_of::<Condition>(),
        size_of::<LineVariant>(),
        size_of::<Option<goodwill_engine::Source>>()
    );
}
