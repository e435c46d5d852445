// The side view of the hanging leg in the Thomas test as plain geometry, shared by every
// drawing of it (the terminal diagram, the SVG of `thomas report`), so they cannot disagree on
// where the knee and the foot are. No clinical number: angles come from the measurements and
// the rule set.
#pragma once

#include <optional>

namespace thomas::geometry {

// A point in drawing units, x to the right (away from the table, along the thigh), y up.
struct Point {
    double x = 0;
    double y = 0;
};

// Where a segment of `length` from `from` ends at `degrees` above the horizontal (negative =
// below), pointing away from the table.
Point end_point(Point from, double degrees, double length);

// The direction of the shank, in degrees above the horizontal: knee flexion turns it down from
// the line of the thigh (thigh 0 and flexion 90 give -90, straight down).
double shank_degrees(double thigh_angle, double knee_flexion);

// The hip at the origin, the knee at the end of the thigh, the foot at the end of the shank
// (nullopt when the knee was not measured). Non-finite angles give no knee and no foot.
struct LegPose {
    Point hip;
    std::optional<Point> knee;
    std::optional<Point> foot;
};
LegPose leg_pose(double thigh_angle, std::optional<double> knee_flexion, double thigh_length,
                 double shank_length);

}  // namespace thomas::geometry
