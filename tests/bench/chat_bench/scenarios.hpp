#pragma once

// One factory per family of modes; run_scenario picks by --mode.

#include "scenario.hpp"

#include <memory>

namespace chatd::bench {

std::unique_ptr<Scenario> make_traffic_scenario(const Options &options); // fanout, rooms
std::unique_ptr<Scenario> make_history_scenario(const Options &options);
std::unique_ptr<Scenario> make_join_storm_scenario(const Options &options);
std::unique_ptr<Scenario> make_idle_scenario(const Options &options);
std::unique_ptr<Scenario> make_churn_scenario(const Options &options);

} // namespace chatd::bench
