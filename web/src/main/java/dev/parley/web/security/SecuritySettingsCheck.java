package dev.parley.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * Reads the security settings as the application starts, so that a bad one (a plain-text password
 * above all) stops the deployment with its key named, instead of failing the first request that
 * needs them.
 */
@ApplicationScoped
public class SecuritySettingsCheck {

    private static final System.Logger LOG = System.getLogger(SecuritySettingsCheck.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        try {
            SecuritySettings settings = new SecuritySettingsReader().settings();
            LOG.log(System.Logger.Level.INFO, () -> "Parley security: " + settings);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "Parley refuses to start: " + e.getMessage());
            throw e;
        }
    }
}
