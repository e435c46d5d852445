// A small Unicode side view of the hanging leg in the Thomas test, for text output on a
// terminal: the table, the hip, the thigh at its measured angle, the shank at its measured
// knee flexion and the thigh cut-off as a dotted line. Pure geometry: no clinical number here,
// the cut-off comes from the rule set.
#pragma once

#include <optional>
#include <string>

namespace thomas::cli {

// Draw the leg. `thigh_angle` is degrees above horizontal (negative = below), `knee_flexion`
// degrees of bend (0 = straight; nullopt = shank not drawn), `cutoff` the thigh angle drawn as
// a dotted reference line (nullopt = none). Returns lines ending in '\n', each indented by two
// spaces, trailing spaces trimmed. Never throws for finite input; non-finite angles are drawn
// as if absent.
std::string draw_leg(double thigh_angle, std::optional<double> knee_flexion,
                     std::optional<double> cutoff);

}  // namespace thomas::cli
