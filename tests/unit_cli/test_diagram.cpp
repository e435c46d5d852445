// Golden drawings of the hanging leg: the geometry must stay readable and stable.
#include <doctest/doctest.h>

#include "diagram.h"

using thomas::cli::draw_leg;

TEST_CASE("diagram: thigh below horizontal and knee at a right angle") {
    CHECK(draw_leg(-10, 90, 0.0) ==
          "  ━━━━━━━━●────╲···············\n"
          "                ──────────●\n"
          "                         │\n"
          "                         │\n"
          "                         ╱\n"
          "                        │\n"
          "                        │\n"
          "                        │\n");
}

TEST_CASE("diagram: thigh above the cut-off with a straight-ish knee") {
    CHECK(draw_leg(12, 50, 0.0) ==
          "                         ─●\n"
          "               ─────────╱  ─╲\n"
          "  ━━━━━━━━●───╱··············─╲\n"
          "                               ──╲\n"
          "                                  ──\n");
}

TEST_CASE("diagram: a straight leg on the cut-off hides the dotted line") {
    CHECK(draw_leg(0, 0, 0.0) == "  ━━━━━━━━●───────────────●────────────\n");
}

TEST_CASE("diagram: thigh only when the knee was not measured") {
    CHECK(draw_leg(30, std::nullopt, 0.0) ==
          "                       ─●\n"
          "                   ───╱\n"
          "                ──╱\n"
          "            ───╱\n"
          "  ━━━━━━━━●╱···················\n");
}

TEST_CASE("diagram: no cut-off line when the rule set declares none") {
    CHECK(draw_leg(-8, 88, std::nullopt) ==
          "  ━━━━━━━━●──────╲\n"
          "                  ────────●\n"
          "                          ╱\n"
          "                         │\n"
          "                         │\n"
          "                         │\n"
          "                         │\n"
          "                         │\n");
}

TEST_CASE("diagram: the cut-off line follows the rule set's angle") {
    // A cut-off 10 degrees below horizontal is drawn below the table line.
    const std::string drawing = draw_leg(20, 90, -10.0);
    CHECK(drawing.find("●·") == std::string::npos);
    CHECK(drawing.find("·") != std::string::npos);
    CHECK(drawing != draw_leg(20, 90, 0.0));
}
