package dev.parley.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The API users of {@link SecuritySettings}: checks passwords in constant time and hands out their groups. */
@ApplicationScoped
public class ConfiguredIdentityStore implements IdentityStore {

    @Inject
    SecuritySettings settings;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        SecuritySettings.User user = settings.users().get(login.getCaller());
        // Compare against something even for unknown users so timing does not tell who exists.
        String expected = user == null ? "\u0000no such user" : user.password();
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                login.getPasswordAsString().getBytes(StandardCharsets.UTF_8));
        if (user == null || !matches) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(user.name(), user.groups());
    }
}
