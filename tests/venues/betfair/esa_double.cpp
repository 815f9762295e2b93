// The ESA double (see esa_double.hpp): one thread accepts, reads and writes; pushes from the
// test are queued under the mutex and written by that thread, so one SSL object is never
// used from two threads.
#include "betfair/esa_double.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace tradehost::doubles {

struct EsaDouble::Impl {
    SSL_CTX* ctx = nullptr;
    int listen_fd = -1;
};

namespace {
std::string clock_of(std::size_t n) { return std::to_string(n); }
}  // namespace

EsaDouble::EsaDouble(const std::string& cert, const std::string& key, nlohmann::json image_mc)
    : impl_(new Impl), image_mc_(std::move(image_mc)) {
    // SSL_write on a socket the client already closed (the tests drop connections on
    // purpose) would raise SIGPIPE and end the test process; the write's error is enough.
    ::signal(SIGPIPE, SIG_IGN);
    impl_->ctx = SSL_CTX_new(TLS_server_method());
    if (!impl_->ctx || SSL_CTX_use_certificate_chain_file(impl_->ctx, cert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(impl_->ctx, key.c_str(), SSL_FILETYPE_PEM) != 1)
        throw std::runtime_error("EsaDouble: cannot load " + cert + " / " + key);
    impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(impl_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(impl_->listen_fd, 4) != 0)
        throw std::runtime_error("EsaDouble: cannot listen on 127.0.0.1");
    socklen_t len = sizeof a;
    ::getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
}

EsaDouble::~EsaDouble() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(impl_->listen_fd);
    SSL_CTX_free(impl_->ctx);
    delete impl_;
}

void EsaDouble::send_locked(const nlohmann::json& j) { outbox_.push_back(j.dump() + "\r\n"); }

void EsaDouble::push_delta(nlohmann::json mc, bool conflated) {
    std::lock_guard lk(mu_);
    deltas_.push_back(mc);
    if (!subscribed_) return;
    nlohmann::json m{{"op", "mcm"}, {"id", sub_id_}, {"clk", clock_of(deltas_.size())}, {"pt", 1764720000000}, {"mc", mc}};
    if (conflated) m["con"] = true;
    send_locked(m);
}

void EsaDouble::push_ocm(nlohmann::json oc) {
    std::lock_guard lk(mu_);
    order_changes_.push_back(oc);
    if (order_subscribed_)
        send_locked({{"op", "ocm"}, {"id", order_sub_id_}, {"clk", "o" + std::to_string(order_changes_.size())},
                     {"pt", 1764720000000}, {"oc", oc}});
}

void EsaDouble::heartbeat() {
    std::lock_guard lk(mu_);
    if (subscribed_)
        send_locked({{"op", "mcm"}, {"id", sub_id_}, {"ct", "HEARTBEAT"}, {"clk", clock_of(deltas_.size())}, {"pt", 1764720000000}});
}

void EsaDouble::kick() {
    std::lock_guard lk(mu_);
    kick_ = true;
}

void EsaDouble::close_with(const std::string& code, const std::string& message) {
    std::lock_guard lk(mu_);
    send_locked({{"op", "status"}, {"statusCode", "FAILURE"}, {"errorCode", code}, {"errorMessage", message},
                 {"connectionClosed", true}});
    kick_ = true;
}

std::vector<nlohmann::json> EsaDouble::received() const {
    std::lock_guard lk(mu_);
    return received_;
}

void EsaDouble::on_request(const nlohmann::json& r) {  // mu_ held
    received_.push_back(r);
    const std::string op = r.value("op", "");
    const int id = r.value("id", 0);
    if (op == "authentication") {
        if (r.value("appKey", "") != kAppKey) {
            send_locked({{"op", "status"}, {"id", id}, {"statusCode", "FAILURE"}, {"errorCode", "INVALID_APP_KEY"},
                         {"errorMessage", "Invalid AppKey"}, {"connectionClosed", true}});
            kick_ = true;
        } else if (session_.empty() ? r.value("session", "").empty() : r.value("session", "") != session_) {
            send_locked({{"op", "status"}, {"id", id}, {"statusCode", "FAILURE"}, {"errorCode", "INVALID_SESSION_INFORMATION"},
                         {"errorMessage", "Invalid session"}, {"connectionClosed", true}});
            kick_ = true;
        } else {
            send_locked({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}, {"connectionClosed", false}});
        }
    } else if (op == "marketSubscription") {
        if (ignore_subs_) return;
        sub_id_ = id;
        subscribed_ = true;
        send_locked({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}, {"connectionClosed", false}});
        const int64_t hb = r.value("heartbeatMs", int64_t{5000});
        hb_ms_ = hb;
        const std::string clk = r.value("clk", "");
        std::size_t since = 0;
        bool resume = false;
        if (!clk.empty()) {
            try {
                since = std::stoul(clk);
                resume = since <= deltas_.size();
            } catch (const std::exception&) {
                resume = false;
            }
        }
        if (resume) {
            ++resubs_;
            nlohmann::json mc = nlohmann::json::array();
            for (std::size_t i = since; i < deltas_.size(); ++i)
                for (const auto& x : deltas_[i]) mc.push_back(x);
            send_locked({{"op", "mcm"}, {"id", id}, {"ct", "RESUB_DELTA"}, {"initialClk", "G"},
                         {"clk", clock_of(deltas_.size())}, {"heartbeatMs", hb}, {"pt", 1764720000000}, {"mc", mc}});
        } else {
            ++images_;
            // The image in segments: the market image first, then the deltas made since.
            const std::size_t n = deltas_.size();
            nlohmann::json first{{"op", "mcm"}, {"id", id}, {"ct", "SUB_IMAGE"}, {"initialClk", "G"},
                                 {"clk", clock_of(n)}, {"heartbeatMs", hb}, {"pt", 1764720000000}, {"mc", image_mc_}};
            if (n > 0) first["segmentType"] = "SEG_START";
            send_locked(first);
            for (std::size_t i = 0; i < n; ++i)
                send_locked({{"op", "mcm"}, {"id", id}, {"ct", "SUB_IMAGE"}, {"segmentType", i + 1 == n ? "SEG_END" : "SEG"},
                             {"initialClk", "G"}, {"clk", clock_of(n)}, {"pt", 1764720000000}, {"mc", deltas_[i]}});
        }
    } else if (op == "orderSubscription") {
        if (ignore_subs_) return;
        order_sub_id_ = id;
        order_subscribed_ = true;
        order_hb_ms_ = r.value("heartbeatMs", int64_t{5000});
        ++order_subs_;
        send_locked({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}, {"connectionClosed", false}});
        // The image: every order change so far, in one message.
        nlohmann::json oc = nlohmann::json::array();
        for (const auto& c : order_changes_)
            for (const auto& x : c) oc.push_back(x);
        send_locked({{"op", "ocm"}, {"id", id}, {"ct", "SUB_IMAGE"}, {"initialClk", "O"},
                     {"clk", "o" + std::to_string(order_changes_.size())}, {"heartbeatMs", r.value("heartbeatMs", 5000)},
                     {"pt", 1764720000000}, {"oc", oc}});
    } else if (op == "heartbeat") {
        send_locked({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}});
    }
}

void EsaDouble::run() {
    while (!stop_) {
        pollfd lp{impl_->listen_fd, POLLIN, 0};
        if (::poll(&lp, 1, 20) <= 0) continue;
        const int fd = ::accept(impl_->listen_fd, nullptr, nullptr);
        if (fd < 0) continue;
        SSL* ssl = SSL_new(impl_->ctx);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1) {
            SSL_free(ssl);
            ::close(fd);
            continue;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        ++connections_;
        {
            std::lock_guard lk(mu_);
            subscribed_ = false;
            order_subscribed_ = false;
            kick_ = false;
            outbox_.clear();
            send_locked({{"op", "connection"}, {"connectionId", "002-0511341578-" + std::to_string(connections_.load())}});
        }
        std::string in;
        bool open = true;
        using Clock = std::chrono::steady_clock;
        Clock::time_point last_mcm = Clock::now(), last_ocm = Clock::now();
        while (open && !stop_) {
            std::vector<std::string> out;
            bool kick = false;
            {
                std::lock_guard lk(mu_);
                const auto now = Clock::now();
                for (const auto& o : outbox_) {
                    if (o.find("\"op\":\"mcm\"") != std::string::npos) last_mcm = now;
                    if (o.find("\"op\":\"ocm\"") != std::string::npos) last_ocm = now;
                }
                if (auto_hb_ && subscribed_ && now - last_mcm >= std::chrono::milliseconds(hb_ms_)) {
                    send_locked({{"op", "mcm"}, {"id", sub_id_}, {"ct", "HEARTBEAT"}, {"clk", clock_of(deltas_.size())},
                                 {"pt", 1764720000000}});
                    last_mcm = now;
                }
                if (auto_hb_ && order_subscribed_ && now - last_ocm >= std::chrono::milliseconds(order_hb_ms_)) {
                    send_locked({{"op", "ocm"}, {"id", order_sub_id_}, {"ct", "HEARTBEAT"},
                                 {"clk", "o" + std::to_string(order_changes_.size())}, {"pt", 1764720000000}});
                    last_ocm = now;
                }
                out.swap(outbox_);
                kick = kick_;
            }
            for (const auto& s : out) {
                std::size_t off = 0;
                while (off < s.size()) {
                    const int n = SSL_write(ssl, s.data() + off, static_cast<int>(s.size() - off));
                    if (n > 0) {
                        off += static_cast<std::size_t>(n);
                        continue;
                    }
                    const int e = SSL_get_error(ssl, n);
                    if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ) {
                        open = false;
                        break;
                    }
                    pollfd p{fd, POLLOUT, 0};
                    ::poll(&p, 1, 10);
                }
            }
            if (kick) break;
            char buf[8192];
            const int n = SSL_read(ssl, buf, sizeof buf);
            if (n > 0) {
                in.append(buf, static_cast<std::size_t>(n));
                for (std::size_t nl; (nl = in.find('\n')) != std::string::npos;) {
                    std::string line = in.substr(0, nl);
                    in.erase(0, nl + 1);
                    if (!line.empty() && line.back() == '\r') line.pop_back();
                    if (line.empty()) continue;
                    std::lock_guard lk(mu_);
                    try {
                        on_request(nlohmann::json::parse(line));
                    } catch (const nlohmann::json::exception&) {
                        send_locked({{"op", "status"}, {"statusCode", "FAILURE"}, {"errorCode", "INVALID_INPUT"},
                                     {"errorMessage", "not JSON"}, {"connectionClosed", true}});
                        kick_ = true;
                    }
                }
                continue;
            }
            const int e = SSL_get_error(ssl, n);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
                pollfd p{fd, POLLIN, 0};
                ::poll(&p, 1, 10);
                continue;
            }
            open = false;  // closed or broken
        }
        {
            std::lock_guard lk(mu_);
            subscribed_ = false;
            order_subscribed_ = false;
        }
        SSL_shutdown(ssl);
        SSL_free(ssl);
        ::close(fd);
    }
}

}  // namespace tradehost::doubles
