#include "config/deployment.hpp"

#include "config/env_subst.hpp"

#include <tradehost/plugin.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace fs = std::filesystem;

namespace tradehost {

namespace {

Location loc_of(const std::string& file, const YAML::Mark& m) {
    Location l;
    l.file = file;
    if (m.line >= 0) {
        l.line = m.line + 1;
        l.col = m.column + 1;
    }
    return l;
}

Location loc_of(const std::string& file, const YAML::Node& n) { return loc_of(file, n.Mark()); }

// HOST:PORT, [V6]:PORT or PORT, where HOST is an IP address: the endpoint binds exactly
// that address, and a host name would be resolved differently from machine to machine.
bool parse_listen(const std::string& s, std::string& host, uint16_t& port, std::string& why) {
    why = "expected IP:PORT, [IPv6]:PORT or PORT (0 picks a free port)";
    std::string h, p = s;
    if (!s.empty() && s[0] == '[') {
        size_t close = s.find(']');
        if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != ':') return false;
        h = s.substr(1, close - 1);
        p = s.substr(close + 2);
        in6_addr a6{};
        if (inet_pton(AF_INET6, h.c_str(), &a6) != 1) {
            why = "'" + h + "' is not an IPv6 address";
            return false;
        }
    } else if (size_t colon = s.rfind(':'); colon != std::string::npos) {
        h = s.substr(0, colon);
        p = s.substr(colon + 1);
        in_addr a4{};
        in6_addr a6{};
        if (h.find(':') != std::string::npos) {
            why = "write an IPv6 address in brackets, as [::1]:9464";
            return false;
        }
        if (inet_pton(AF_INET, h.c_str(), &a4) != 1 && inet_pton(AF_INET6, h.c_str(), &a6) != 1) {
            why = "'" + h + "' is not an IP address (host names are not resolved: use 127.0.0.1, ::1 or 0.0.0.0)";
            return false;
        }
    }
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
    const long v = std::stol(p);
    if (v > 65535) return false;
    host = h.empty() ? "127.0.0.1" : h;
    port = static_cast<uint16_t>(v);
    return true;
}

bool is_loopback(const std::string& ip) {
    in_addr a4{};
    in6_addr a6{};
    if (inet_pton(AF_INET, ip.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
    return inet_pton(AF_INET6, ip.c_str(), &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

bool env_empty(const std::string& var) {
    const char* v = std::getenv(var.c_str());
    return v == nullptr || *v == '\0';
}

bool valid_env_name(const std::string& s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool valid_ident(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

// Parses one file. Each helper reports what is wrong where, and keeps going.
class FileParser {
public:
    FileParser(std::string file, Diagnostics& d) : file_(std::move(file)), d_(d) {}

    Location at(const YAML::Node& n) const { return loc_of(file_, n); }
    void err(const YAML::Node& n, const std::string& msg) { d_.error(at(n), msg); }

    // A scalar with ${ENV} substituted; reports and returns false otherwise.
    bool scalar(const YAML::Node& n, const std::string& what, std::string& out) {
        if (!n.IsScalar()) {
            err(n, what + ": expected a scalar value");
            return false;
        }
        last_raw_ = n.Scalar();
        std::string e;
        if (!substitute_env(n.Scalar(), out, e)) {
            err(n, what + ": " + e);
            return false;
        }
        return true;
    }

    bool boolean(const YAML::Node& n, const std::string& what, bool& out) {
        std::string s;
        if (!scalar(n, what, s)) return false;
        if (s == "true" || s == "yes" || s == "on") out = true;
        else if (s == "false" || s == "no" || s == "off") out = false;
        else {
            err(n, what + ": expected true or false, got " + shown(s));
            return false;
        }
        return true;
    }

    bool integer(const YAML::Node& n, const std::string& what, int64_t& out, int64_t min, int64_t max) {
        std::string s;
        if (!scalar(n, what, s)) return false;
        try {
            size_t pos = 0;
            long long v = std::stoll(s, &pos);
            if (pos != s.size()) throw std::invalid_argument(s);
            if (v < min || v > max) {
                err(n, what + ": must be between " + std::to_string(min) + " and " + std::to_string(max));
                return false;
            }
            out = v;
            return true;
        } catch (const std::exception&) {
            err(n, what + ": expected an integer, got " + shown(s));
            return false;
        }
    }

    bool duration(const YAML::Node& n, const std::string& what, int64_t& out) {
        std::string s;
        if (!scalar(n, what, s)) return false;
        if (!parse_duration_ns(s, out)) {
            err(n, what + ": expected a duration such as 500ms, 10s, 5m, got " + shown(s));
            return false;
        }
        return true;
    }

    // Reports keys of map `n` that are not in `known`.
    void check_keys(const YAML::Node& n, const std::string& what, std::initializer_list<const char*> known) {
        for (const auto& kv : n) {
            std::string k = kv.first.Scalar();
            bool ok = std::any_of(known.begin(), known.end(), [&](const char* s) { return k == s; });
            if (!ok) {
                std::string list;
                for (const char* s : known) list += (list.empty() ? "" : ", ") + std::string(s);
                err(kv.first, "unknown key '" + k + "' in " + what + " (known: " + list + ")");
            }
        }
    }

    bool is_map(const YAML::Node& n, const std::string& what) {
        if (!n.IsMap()) {
            err(n, what + ": expected a mapping");
            return false;
        }
        return true;
    }

    void parse_host(const YAML::Node& n, HostSpec& h) {
        if (!is_map(n, "host")) return;
        check_keys(n, "host", {"plugin_path", "journal", "record_inputs", "api", "run", "log", "errors", "summary", "nats"});
        if (auto p = n["plugin_path"]) {
            if (p.IsSequence()) {
                for (const auto& item : p) {
                    std::string s;
                    if (scalar(item, "host.plugin_path", s)) h.plugin_path.push_back(s);
                }
            } else {
                std::string s;
                if (scalar(p, "host.plugin_path", s)) h.plugin_path.push_back(s);
            }
        }
        if (auto j = n["journal"]; j && scalar(j, "host.journal", h.journal)) {
            if (h.journal.empty() || h.journal == ":memory:" || h.journal.rfind("file:", 0) == 0)
                err(j, "host.journal: expected the path of a file (the journal must survive the process), got " +
                           shown(h.journal));
            else if (std::error_code ec; fs::is_directory(h.journal, ec))
                err(j, "host.journal: '" + h.journal + "' is a directory; name a file in it, such as " +
                           (fs::path(h.journal) / "journal.db").string());
        }
        if (auto s = n["summary"]) boolean(s, "host.summary", h.summary);
        if (auto r = n["record_inputs"]) boolean(r, "host.record_inputs", h.record_inputs);
        if (auto nn = n["nats"]; nn && is_map(nn, "host.nats")) {
            check_keys(nn, "host.nats", {"url"});
            if (auto u = nn["url"]; u && scalar(u, "host.nats.url", h.nats_url)) {
                h.nats_url_loc = at(u);
                if (h.nats_url.rfind("nats://", 0) != 0 && h.nats_url.rfind("tls://", 0) != 0)
                    err(u, "host.nats.url: expected nats://HOST:PORT or tls://HOST:PORT, got " + shown(h.nats_url));
            }
        }
        if (auto a = n["api"]; a && is_map(a, "host.api")) {
            check_keys(a, "host.api", {"listen", "enabled", "token_env", "read_token_env", "tls"});
            if (auto t = a["tls"]; t && is_map(t, "host.api.tls")) {
                check_keys(t, "host.api.tls", {"cert", "key"});
                for (auto [key, out] : {std::pair{"cert", &h.api_tls_cert}, std::pair{"key", &h.api_tls_key}}) {
                    auto v = t[key];
                    const std::string what = std::string("host.api.tls.") + key;
                    if (!v) err(t, what + ": required with host.api.tls (a PEM file)");
                    else if (scalar(v, what, *out)) {
                        if (!out->empty() && fs::path(*out).is_relative())
                            *out = (fs::path(file_).parent_path() / *out).lexically_normal().string();
                        std::error_code ec;
                        if (!fs::is_regular_file(*out, ec)) err(v, what + ": no such file: " + *out);
                    }
                }
            }
            if (auto e = a["enabled"]) boolean(e, "host.api.enabled", h.api_enabled);
            for (auto [key, var] : {std::pair{"token_env", &h.api_token_env}, std::pair{"read_token_env", &h.api_read_token_env}})
                if (auto v = a[key]; v && scalar(v, std::string("host.api.") + key, *var) && !valid_env_name(*var))
                    err(v, std::string("host.api.") + key + ": expected the name of an environment variable (A-Z, 0-9, _), got " +
                               shown(*var));
            if (auto l = a["listen"]) {
                std::string s;
                if (scalar(l, "host.api.listen", s)) {
                    std::string host, why;
                    uint16_t port = 0;
                    if (parse_listen(s, host, port, why)) {
                        h.api_host = host;
                        h.api_port = port;
                        h.api_listen_loc = at(l);
                    } else {
                        err(l, "host.api.listen: " + why + ", got " + shown(s));
                    }
                }
            }
        }
        if (auto r = n["run"]; r && is_map(r, "host.run")) {
            check_keys(r, "host.run", {"duration", "max_events", "drain_timeout"});
            if (auto d = r["duration"]) duration(d, "host.run.duration", h.run_duration_ns);
            if (auto m = r["max_events"]) integer(m, "host.run.max_events", h.run_max_events, 0, INT64_MAX);
            if (auto d = r["drain_timeout"]) duration(d, "host.run.drain_timeout", h.drain_timeout_ns);
        }
        if (auto l = n["log"]; l && is_map(l, "host.log")) {
            check_keys(l, "host.log", {"level", "file"});
            if (auto f = l["file"]) scalar(f, "host.log.file", h.log_file);
            if (auto lv = l["level"]) {
                std::string s;
                if (scalar(lv, "host.log.level", s)) {
                    static const char* levels[] = {"trace", "debug", "info", "warn", "error", "off"};
                    if (std::none_of(std::begin(levels), std::end(levels), [&](const char* x) { return s == x; }))
                        err(lv, "host.log.level: expected trace, debug, info, warn, error or off, got '" + s + "'");
                    else h.log_level = s;
                }
            }
        }
        if (auto e = n["errors"]; e && is_map(e, "host.errors")) {
            check_keys(e, "host.errors", {"policy", "max_consecutive"});
            if (auto p = e["policy"]) {
                std::string s;
                if (scalar(p, "host.errors.policy", s)) {
                    if (s == "isolate") h.error_policy = ErrorPolicy::Isolate;
                    else if (s == "stop") h.error_policy = ErrorPolicy::Stop;
                    else if (s == "ignore") h.error_policy = ErrorPolicy::Ignore;
                    else err(p, "host.errors.policy: expected isolate, stop or ignore, got '" + s + "'");
                }
            }
            if (auto m = e["max_consecutive"]) integer(m, "host.errors.max_consecutive", h.max_consecutive_errors, 1, INT64_MAX);
        }
    }

    void parse_instance(const std::string& name, const YAML::Node& key, const YAML::Node& n, InstanceSpec& s) {
        s.name = name;
        s.loc = at(key);
        if (!valid_ident(name)) err(key, "instance name '" + name + "' must be letters, digits, '_' or '-'");
        if (!is_map(n, "instance '" + name + "'")) return;
        check_keys(n, "instance '" + name + "'", {"use", "config", "enabled", "executor"});
        if (auto u = n["use"]) {
            s.has_use = scalar(u, "use", s.use);
            s.use_loc = at(u);
        }
        if (auto e = n["enabled"]) s.has_enabled = boolean(e, "enabled", s.enabled);
        if (auto x = n["executor"]) {
            s.has_executor = scalar(x, "executor", s.executor);
            s.executor_loc = at(x);
            if (s.has_executor && !valid_ident(s.executor)) err(x, "executor name '" + s.executor + "' is not valid");
        }
        if (auto c = n["config"]) {
            s.config_loc = at(c);
            if (c.IsNull()) return;
            if (!is_map(c, "config of '" + name + "'")) return;
            for (const auto& kv : c) {
                ConfigEntry e;
                e.key = kv.first.Scalar();
                e.key_loc = at(kv.first);
                e.value_loc = at(kv.second);
                const YAML::Node& v = kv.second;
                if (v.IsSequence()) {
                    e.is_list = true;
                    for (const auto& item : v) {
                        std::string sv;
                        if (scalar(item, name + ".config." + e.key, sv)) e.list.push_back(sv);
                    }
                } else if (v.IsMap()) {
                    e.is_map = true;
                } else if (v.IsNull()) {
                    err(kv.first, name + ".config." + e.key + ": has no value");
                    continue;
                } else if (!scalar(v, name + ".config." + e.key, e.scalar)) {
                    continue;
                } else if (v.Scalar().find("${") != std::string::npos) {
                    e.env_ref = v.Scalar();
                }
                s.config.push_back(std::move(e));
            }
        }
    }

    bool endpoint(const YAML::Node& n, const std::string& what, std::string& inst, std::string& port) {
        std::string s;
        if (!scalar(n, what, s)) return false;
        size_t dot = s.find('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == s.size()) {
            err(n, what + ": expected INSTANCE.PORT, got '" + s + "'");
            return false;
        }
        inst = s.substr(0, dot);
        port = s.substr(dot + 1);
        return true;
    }

    // `transport: local|nats` and, with nats, the `subject` it travels on: literal tokens
    // of NATS subject characters (no wildcards, no empty token), so one edge is one subject.
    bool parse_transport(const YAML::Node& n, EdgeSpec& e) {
        bool ok = true;
        if (auto t = n["transport"]) {
            std::string s;
            e.transport_loc = at(t);
            if (scalar(t, "edge.transport", s)) {
                if (s == "nats") e.nats = true;
                else if (s != "local") {
                    err(t, "edge.transport: expected local or nats, got " + shown(s));
                    ok = false;
                }
            }
        }
        auto sub = n["subject"];
        if (sub) {
            e.subject_loc = at(sub);
            if (!e.nats) {
                err(sub, "edge.subject: only a 'transport: nats' edge has a subject");
                return false;
            }
            if (!scalar(sub, "edge.subject", e.subject)) return false;
            bool valid = !e.subject.empty() && e.subject.front() != '.' && e.subject.back() != '.' &&
                         e.subject.find("..") == std::string::npos;
            for (char c : e.subject)
                if (c == '*' || c == '>' || static_cast<unsigned char>(c) < 0x21) valid = false;
            if (!valid) {
                err(sub, "edge.subject: expected dot-separated tokens without spaces or wildcards (e.g. paper.orders), got " +
                             shown(e.subject));
                ok = false;
            }
        } else if (e.nats) {
            err(n, "edge: 'transport: nats' needs a 'subject' (e.g. subject: paper.quotes)");
            ok = false;
        }
        return ok;
    }

    void parse_edge(const YAML::Node& n, EdgeSpec& e, bool& ok) {
        e.loc = at(n);
        ok = false;
        if (!is_map(n, "edge")) return;
        check_keys(n, "edge", {"from", "to", "backpressure", "feedback", "capacity", "transport", "subject"});
        auto from = n["from"], to = n["to"];
        if (!from) err(n, "edge: missing 'from'");
        if (!to) err(n, "edge: missing 'to'");
        if (!from || !to) return;
        e.from_loc = at(from);
        e.to_loc = at(to);
        bool a = endpoint(from, "edge.from", e.from_instance, e.from_port);
        bool b = endpoint(to, "edge.to", e.to_instance, e.to_port);
        if (auto bp = n["backpressure"]) {
            std::string s;
            e.backpressure_loc = at(bp);
            if (scalar(bp, "edge.backpressure", s)) {
                if (s == "block") e.backpressure = Backpressure::Block;
                else if (s == "drop_newest") e.backpressure = Backpressure::DropNewest;
                else if (s == "drop_oldest") e.backpressure = Backpressure::DropOldest;
                else err(bp, "edge.backpressure: expected block, drop_oldest or drop_newest, got '" + s + "'");
            }
        }
        if (auto f = n["feedback"]) boolean(f, "edge.feedback", e.feedback);
        if (auto c = n["capacity"]) {
            int64_t v = 0;
            if (integer(c, "edge.capacity", v, 16, 1 << 24)) e.capacity = static_cast<uint32_t>(v);
        }
        bool t = parse_transport(n, e);
        ok = a && b && t;
    }

    // How an error shows the value just read: quoted, unless it came from the environment,
    // whose values may be secrets and are never echoed.
    std::string shown(const std::string& value) const {
        if (last_raw_.find("${") != std::string::npos) return "the value of " + last_raw_ + " (not shown)";
        return "'" + value + "'";
    }

    // yaml-cpp keeps the first of two equal keys for lookups and both when iterating, so a
    // repeated key would silently win or lose depending on where it is read: refuse it.
    void check_duplicates(const YAML::Node& n) {
        if (n.IsMap()) {
            std::map<std::string, YAML::Mark> seen;
            for (const auto& kv : n) {
                if (kv.first.IsScalar()) {
                    auto [it, fresh] = seen.emplace(kv.first.Scalar(), kv.first.Mark());
                    if (!fresh)
                        err(kv.first, "duplicate key '" + kv.first.Scalar() + "' (first at " + file_ + ":" +
                                          std::to_string(it->second.line + 1) + ":" + std::to_string(it->second.column + 1) + ")");
                }
                check_duplicates(kv.second);
            }
        } else if (n.IsSequence()) {
            for (const auto& item : n) check_duplicates(item);
        }
    }

    std::string file_;
    Diagnostics& d_;
    std::string last_raw_;
};

void merge_instance(InstanceSpec& base, const InstanceSpec& over) {
    if (over.has_use) {
        base.use = over.use;
        base.use_loc = over.use_loc;
        base.has_use = true;
    }
    if (over.has_enabled) {
        base.enabled = over.enabled;
        base.has_enabled = true;
    }
    if (over.has_executor) {
        base.executor = over.executor;
        base.executor_loc = over.executor_loc;
        base.has_executor = true;
    }
    if (over.config_loc.line) base.config_loc = over.config_loc;
    for (const auto& e : over.config) {
        auto it = std::find_if(base.config.begin(), base.config.end(), [&](const ConfigEntry& x) { return x.key == e.key; });
        if (it != base.config.end()) *it = e;
        else base.config.push_back(e);
    }
}

void load_file(const std::string& path, Deployment& dep, Diagnostics& d, std::set<std::string>& stack, const Location& from) {
    std::error_code ec;
    std::string canon = fs::weakly_canonical(path, ec).string();
    if (stack.count(canon)) {
        d.error(from, "extends cycle: '" + path + "' is already being loaded");
        return;
    }
    if (!fs::exists(path, ec)) {
        d.error(from.file.empty() ? Location{path, 0, 0} : from, "config file '" + path + "' does not exist");
        return;
    }
    if (fs::is_directory(path, ec)) {
        d.error(from.file.empty() ? Location{path, 0, 0} : from, "config file '" + path + "' is a directory, not a YAML file");
        return;
    }
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::ParserException& e) {
        d.error(loc_of(path, e.mark), "malformed YAML: " + e.msg);
        return;
    } catch (const YAML::BadFile&) {
        d.error({path, 0, 0}, "cannot read config file");
        return;
    } catch (const std::exception& e) {
        d.error({path, 0, 0}, std::string("cannot read config file: ") + e.what());
        return;
    }
    FileParser p(path, d);
    if (root.IsNull()) {
        d.error({path, 1, 1}, "config file is empty");
        return;
    }
    if (!root.IsMap()) {
        p.err(root, "config must be a mapping with host, instances and edges");
        return;
    }
    stack.insert(canon);
    p.check_duplicates(root);
    p.check_keys(root, "the top level", {"extends", "host", "instances", "edges"});
    if (auto ext = root["extends"]) {
        std::string base;
        if (p.scalar(ext, "extends", base)) {
            fs::path bp = fs::path(path).parent_path() / base;
            if (fs::path(base).is_absolute()) bp = base;
            load_file(bp.lexically_normal().string(), dep, d, stack, p.at(ext));
        }
    }
    dep.files.push_back(path);
    if (auto h = root["host"]) p.parse_host(h, dep.host);
    if (auto insts = root["instances"]) {
        if (insts.IsMap()) {
            for (const auto& kv : insts) {
                InstanceSpec s;
                p.parse_instance(kv.first.Scalar(), kv.first, kv.second, s);
                auto it = std::find_if(dep.instances.begin(), dep.instances.end(),
                                       [&](const InstanceSpec& x) { return x.name == s.name; });
                if (it != dep.instances.end()) merge_instance(*it, s);
                else dep.instances.push_back(std::move(s));
            }
        } else if (!insts.IsNull()) {
            p.err(insts, "instances: expected a mapping of instance name to {use, config}");
        }
    }
    if (auto edges = root["edges"]) {
        if (edges.IsSequence()) {
            for (const auto& n : edges) {
                EdgeSpec e;
                bool ok = false;
                p.parse_edge(n, e, ok);
                if (!ok) continue;
                auto dup = std::find_if(dep.edges.begin(), dep.edges.end(), [&](const EdgeSpec& x) {
                    return x.from_instance == e.from_instance && x.from_port == e.from_port &&
                           x.to_instance == e.to_instance && x.to_port == e.to_port;
                });
                if (dup == dep.edges.end()) dep.edges.push_back(std::move(e));
                else if (e.nats) {
                    // An overlay moves an edge of its base onto NATS (a split deployment).
                    dup->nats = true;
                    dup->subject = e.subject;
                    dup->transport_loc = e.transport_loc;
                    dup->subject_loc = e.subject_loc;
                    if (e.backpressure_loc.line) {
                        dup->backpressure = e.backpressure;
                        dup->backpressure_loc = e.backpressure_loc;
                    }
                }
            }
        } else if (!edges.IsNull()) {
            p.err(edges, "edges: expected a list of {from, to}");
        }
    }
    stack.erase(canon);
}

}  // namespace

const InstanceSpec* Deployment::find(const std::string& name) const {
    for (const auto& i : instances)
        if (i.name == name) return &i;
    return nullptr;
}

Deployment load_deployment(const std::string& path, Diagnostics& d) {
    Deployment dep;
    dep.path = path;
    std::set<std::string> stack;
    load_file(path, dep, d, stack, Location{});
    if (!d.ok()) return dep;
    // Checked once every file is read: a later one may disable the endpoint or rename a variable.
    const HostSpec& h = dep.host;
    if (h.api_enabled && !is_loopback(h.api_host) && env_empty(h.api_token_env) && env_empty(h.api_read_token_env))
        d.error(h.api_listen_loc, "host.api.listen: " + h.api_host + " is reachable from other machines, so the endpoint needs a token: set $" +
                                      h.api_token_env + " (control) or $" + h.api_read_token_env +
                                      " (read-only) to a secret of at least 16 characters, or listen on 127.0.0.1");
    for (const auto& i : dep.instances)
        if (i.use.empty()) d.error(i.loc, "instance '" + i.name + "' has no 'use: PLUGIN'");
    // Disabling an instance removes the edges that touch it: a deployment enables markets by
    // switching instances, without rewriting the wiring. A NATS edge stays while one end is
    // enabled: the same file serves every host of a split pipeline, each enabling its own.
    std::vector<EdgeSpec> kept;
    for (auto& e : dep.edges) {
        const InstanceSpec* a = dep.find(e.from_instance);
        const InstanceSpec* b = dep.find(e.to_instance);
        if (!a) d.error(e.from_loc, "edge from unknown instance '" + e.from_instance + "'");
        if (!b) d.error(e.to_loc, "edge to unknown instance '" + e.to_instance + "'");
        if (a && b && (e.nats ? a->enabled || b->enabled : a->enabled && b->enabled)) kept.push_back(std::move(e));
    }
    dep.edges = std::move(kept);
    return dep;
}

}  // namespace tradehost
