// Fuzz target for the value parsers used by flags, test files and CSV cells.
//
// Byte 0 picks the parser, the rest is the text. Invariants: each parser returns a value or
// throws InputError with a non-empty message (never another exception); parse_degrees only
// returns finite numbers, and with a decimal comma it reads "a,b" exactly as "a.b" without
// one; a step list only holds steps 1..7. The word parsers also run with the default rule
// set's vocabulary.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "thomas/embedded_rules.h"
#include "thomas/measurements.h"

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        const thomas::Vocabulary* vocabulary =
            (data[0] / 8) % 2 == 1 ? &thomas::default_rules().vocabulary : nullptr;
        switch (data[0] % 6) {
            case 0:
                if (!std::isfinite(thomas::parse_degrees("thigh_angle", text))) {
                    fail("parse_degrees returned a value that is not finite");
                }
                break;
            case 1:
                (void)thomas::parse_yes_no("lumbar_flat", text, vocabulary);
                break;
            case 2:
                (void)thomas::parse_pain_list(text, vocabulary);
                break;
            case 3: {
                const thomas::StepMask steps = thomas::parse_step_list(text);
                for (const int outside : {0, 8, 9, 10, 15}) {
                    if (steps.contains(outside)) {
                        fail("a step list holding a step outside 1..7");
                    }
                }
                break;
            }
            case 4: {
                const double value = thomas::parse_degrees("thigh_angle", text, true);
                if (!std::isfinite(value)) {
                    fail("parse_degrees with a decimal comma returned a value that is not finite");
                }
                std::string dotted(text);
                if (const auto comma = dotted.find(','); comma != std::string::npos) {
                    dotted[comma] = '.';
                }
                if (thomas::parse_degrees("thigh_angle", dotted) != value) {
                    fail("a decimal comma read differently from the same number with a point");
                }
                break;
            }
            default:
                (void)thomas::parse_side_text(text, vocabulary);
                break;
        }
    } catch (const thomas::InputError& e) {
        if (std::string_view(e.what()).empty()) {
            fail("an InputError without a message");
        }
    } catch (...) {
        fail("a parser threw something other than InputError");
    }
    return 0;
}
