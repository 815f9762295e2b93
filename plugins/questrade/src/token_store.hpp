// questrade: durable storage of the single-use refresh token.
//
// Questrade refresh tokens are single-use: redeeming one at the login server invalidates it
// and returns the next one (https://www.questrade.com/api/documentation/security). A process
// that redeems a token and dies before saving the new one strands the account until a
// person generates a new token in the API centre. So the new token is written here, with
// write-to-temp + fsync + rename + fsync(dir), BEFORE the access token it came with is used.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_TOKEN_STORE_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_TOKEN_STORE_HPP

#include <optional>
#include <stdexcept>
#include <string>

namespace tradehost::questrade {

class TokenStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class TokenStore {
public:
    explicit TokenStore(std::string path) : path_(std::move(path)) {}

    const std::string& path() const noexcept { return path_; }

    /// True if the file exists (even if it is unreadable: then load() throws).
    bool exists() const;
    /// The stored refresh token; nullopt if the file does not exist. Throws TokenStoreError
    /// if it exists but cannot be read or holds no token (never guess: a wrong token burns nothing,
    /// but silently falling back to the environment's original token would).
    std::optional<std::string> load() const;
    /// Replaces the stored token atomically and durably, file mode 0600, creating parent
    /// folders. Throws TokenStoreError (errno text, never the token) on any failure.
    void save(const std::string& refresh_token) const;

private:
    std::string path_;
};

}  // namespace tradehost::questrade

#endif
