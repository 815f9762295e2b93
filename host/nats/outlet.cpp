#include "nats/outlet.hpp"

#include "common/event_names.hpp"
#include "nats/wire.hpp"

#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <vector>

namespace tradehost {

std::string nats_msg_id(const std::string& prefix, const unsigned char* wire, size_t len, size_t header_at) {
    const size_t seq_from = header_at + offsetof(th_event_header, seq);
    const size_t seq_to = header_at + offsetof(th_event_header, flags);  // seq and source
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; ++i) {
        if (i >= seq_from && i < seq_to) continue;
        h ^= wire[i];
        h *= 0x100000001b3ull;
    }
    th_event_header hdr{};
    std::memcpy(&hdr, wire + header_at, sizeof hdr);
    char tail[48];
    std::snprintf(tail, sizeof tail, ":%u:%016llx", static_cast<unsigned>(hdr.type), static_cast<unsigned long long>(h));
    return prefix + tail;
}

bool NatsOutlet::send(const th_event_header& ev) {
    thread_local std::vector<unsigned char> wire;
    nats::encode(ev, *instruments, wire);
    bool ok = false;
    if (!jetstream) {
        ok = link->publish(subject, wire.data(), wire.size());
    } else {
        const std::string id = nats_msg_id(id_prefix, wire.data(), wire.size(), wire.size() - ev.size);
        ok = link->js_publish(subject, wire.data(), wire.size(), id, *give_up);
        if (!ok)
            spdlog::error("nats: {} event to {} NOT published: the host stopped while the server was away "
                          "(it is in this host's journal)",
                          event_type_name(ev.type), subject);
    }
    if (!ok) failed.fetch_add(1, std::memory_order_relaxed);
    return ok;
}

}  // namespace tradehost
