/**
 * Deployment settings read from MicroProfile Config, as typed records with their validation.
 */
package dev.parley.config;
