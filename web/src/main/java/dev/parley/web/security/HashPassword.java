package dev.parley.web.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code ./parley hash-password}: reads a password from standard input (its first line; asked
 * twice without echo on a terminal) and prints its PBKDF2 hash for
 * {@code parley.security.user.<name>.password}. Exit status 2 when the password is empty or the two
 * entries differ.
 */
public final class HashPassword {

    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        char[] password = read();
        try {
            if (password == null || password.length == 0) {
                System.err.println("hash-password: no password given (type it, or pipe it in on one line)");
                System.exit(2);
            }
            System.out.println(PasswordHashes.hash(password));
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password: ");
            char[] again = console.readPassword("again: ");
            boolean same = first != null && Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                System.err.println("hash-password: the two passwords differ");
                System.exit(2);
            }
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? null : line.toCharArray();
    }
}
