#include "thomas/leg_geometry.h"

#include <cmath>
#include <numbers>

namespace thomas::geometry {

Point end_point(Point from, double degrees, double length) {
    const double radians = degrees * std::numbers::pi / 180.0;
    return {from.x + length * std::cos(radians), from.y + length * std::sin(radians)};
}

double shank_degrees(double thigh_angle, double knee_flexion) {
    return thigh_angle - knee_flexion;
}

LegPose leg_pose(double thigh_angle, std::optional<double> knee_flexion, double thigh_length,
                 double shank_length) {
    LegPose pose;
    if (!std::isfinite(thigh_angle)) {
        return pose;
    }
    pose.knee = end_point(pose.hip, thigh_angle, thigh_length);
    if (knee_flexion && std::isfinite(*knee_flexion)) {
        pose.foot = end_point(*pose.knee, shank_degrees(thigh_angle, *knee_flexion), shank_length);
    }
    return pose;
}

}  // namespace thomas::geometry
