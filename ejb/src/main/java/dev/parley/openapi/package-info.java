/**
 * The finishing touches on the OpenAPI document Payara serves at {@code /openapi} (the REST
 * resources and their annotations are in the WAR, {@code dev.parley.web}).
 */
package dev.parley.openapi;
