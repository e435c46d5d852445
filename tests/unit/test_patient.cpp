// Both legs of one patient, and the default rule set against the geometry of the hanging leg.
#include <doctest/doctest.h>

#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
