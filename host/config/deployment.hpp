// A deployment: the parsed, overlaid YAML config, with the location of every value kept so
// errors read `file:line:col: message`. Plugin schemas are checked later (schema_check).
#pragma once

#include "common/diagnostics.hpp"
#include "common/install_layout.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost {

/// One plugin config value as written: a scalar or a list of scalars, `${ENV}` substituted.
struct ConfigEntry {
    std::string key;
    Location key_loc;
    Location value_loc;
    bool is_list = false;
    bool is_map = false;  // a nested map: rejected by schema_check (no plugin key takes one)
    std::string scalar;
    std::vector<std::string> list;
    /// The text as written when it names `${VAR}`s: errors show it, never the value.
    std::string env_ref;
};

struct InstanceSpec {
    std::string name;
    Location loc;
    std::string use;
    Location use_loc;
    bool enabled = true;
    std::string executor = "main";
    Location executor_loc;
    Location config_loc;
    std::vector<ConfigEntry> config;
    // Which keys a file set, for overlays.
    bool has_use = false, has_enabled = false, has_executor = false;
};

/// Back-pressure policy of an edge when its ring is full.
enum class Backpressure { Block, DropNewest, DropOldest };

struct EdgeSpec {
    std::string from_instance, from_port, to_instance, to_port;
    Location loc, from_loc, to_loc;
    Backpressure backpressure = Backpressure::Block;
    Location backpressure_loc;
    bool feedback = false;
    uint32_t capacity = 4096;  // ring slots for edges that cross executors
    /// `transport: nats`: the edge crosses host processes on `subject` (docs/operator-guide.md).
    bool nats = false;
    std::string subject;
    Location transport_loc, subject_loc;
};

/// What the host does when an instance's calls keep failing (host.errors.policy).
enum class ErrorPolicy {
    Isolate,  ///< stop delivering to it (its inputs count as dropped); the run goes on
    Stop,     ///< end the run with exit code 1
    Ignore,   ///< count and log, nothing more
};

struct HostSpec {
    std::vector<std::string> plugin_path;
    std::string journal = default_journal_path();  // var/journal.db, or under /var/lib/tradehost when installed
    bool api_enabled = true;
    std::string api_host = "127.0.0.1";
    uint16_t api_port = 9464;
    Location api_listen_loc;  // where host.api.listen was set, for errors found later
    /// The environment variables holding the operator tokens (api/access.hpp); the values
    /// are read at start and never kept in the deployment.
    std::string api_token_env = "TRADEHOST_API_TOKEN";
    std::string api_read_token_env = "TRADEHOST_API_READ_TOKEN";
    std::string api_tls_cert, api_tls_key;  // PEM files; empty: plain HTTP
    bool record_inputs = false;    // journal what the sources publish, for `tradehost replay`
    int64_t run_duration_ns = 0;   // 0: until every source finished (or a signal)
    int64_t run_max_events = 0;    // 0: no limit
    int64_t drain_timeout_ns = 5'000'000'000;
    std::string log_level = "info";
    std::string log_file;  // when set: every line there; the console gets warnings, progress and the summary
    ErrorPolicy error_policy = ErrorPolicy::Isolate;
    int64_t max_consecutive_errors = 100;
    bool summary = true;
    /// host.nats.url: the NATS server that `transport: nats` edges go through.
    std::string nats_url = "nats://127.0.0.1:4222";
    Location nats_url_loc;
};

struct Deployment {
    std::string path;                 // the file given on the command line
    std::vector<std::string> files;   // it and every file it extends, base first
    HostSpec host;
    std::vector<InstanceSpec> instances;  // enabled and disabled, in file order
    std::vector<EdgeSpec> edges;          // edges touching disabled instances removed (a NATS
                                          // edge stays while either end is enabled here)

    const InstanceSpec* find(const std::string& name) const;
};

/// Parse `path` and the files it `extends`, merge the overlays, substitute `${ENV}` and
/// check structure. Every problem goes to `diags`; the result is only usable if diags.ok().
Deployment load_deployment(const std::string& path, Diagnostics& diags);

}  // namespace tradehost
