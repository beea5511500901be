package dev.parley.kms.core;

/** Builds one remote class from its {@code constructorParams} (KMS's per-class Factory). */
@FunctionalInterface
public interface ObjectFactory {
    MediaObject create(Call constructorCall, ObjectContext context);
}
