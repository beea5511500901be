package dev.parley.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The API users of {@link SecuritySettings}: verifies passwords against their PBKDF2 hashes with the
 * container's {@link Pbkdf2PasswordHash} and hands out their groups. A match is remembered for
 * {@link #REMEMBERED} ({@link VerifiedLogins}) because HTTP Basic presents the password on every
 * request.
 */
@ApplicationScoped
public class ConfiguredIdentityStore implements IdentityStore {

    static final Duration REMEMBERED = Duration.ofMinutes(5);

    @Inject
    SecuritySettings settings;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    private VerifiedLogins verified;
    /** Verified for unknown users too, so that the time taken does not tell who exists. */
    private String decoy;

    @PostConstruct
    void init() {
        passwordHash.initialize(Map.of());
        verified = new VerifiedLogins(REMEMBERED, Clock.systemUTC());
        decoy = PasswordHashes.hash(java.util.UUID.randomUUID().toString().toCharArray());
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        SecuritySettings.User user = settings.users().get(login.getCaller());
        String password = login.getPasswordAsString();
        if (user != null && verified.contains(user.name(), password, user.passwordHash())) {
            return new CredentialValidationResult(user.name(), user.groups());
        }
        boolean matches = passwordHash.verify(login.getPassword().getValue(), user == null ? decoy : user.passwordHash());
        if (user == null || !matches) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        verified.add(user.name(), password, user.passwordHash());
        return new CredentialValidationResult(user.name(), user.groups());
    }
}
