package org.damnit;

import java.util.Objects;

/**
 * The author of a commit: a name and an e-mail address (which may be empty).
 *
 * @param name  the name, not blank
 * @param email the e-mail address, or empty
 */
public record Person(String name, String email) {
    /**
     * Checks the parts; a null e-mail becomes empty.
     *
     * @param name  the name, not blank
     * @param email the e-mail address, empty or null for none
     * @throws IllegalArgumentException if the name is blank, or either holds '&lt;' or '&gt;'
     */
    public Person {
        Objects.requireNonNull(name, "name");
        email = email == null ? "" : email;
        if (name.isBlank()) {
            throw new IllegalArgumentException("author name must not be blank");
        }
        if (name.indexOf('<') >= 0 || name.indexOf('>') >= 0 || email.indexOf('<') >= 0 || email.indexOf('>') >= 0) {
            throw new IllegalArgumentException("author name and e-mail must not contain '<' or '>'");
        }
    }

    /**
     * Parses {@code "Name <email>"} or a bare {@code "Name"}.
     *
     * @param s the text
     * @return the person
     * @throws IllegalArgumentException if the name is blank or the parts hold '&lt;' or '&gt;'
     */
    public static Person parse(String s) {
        String t = s.trim();
        int lt = t.indexOf('<');
        if (lt >= 0 && t.endsWith(">")) {
            return new Person(t.substring(0, lt).trim(), t.substring(lt + 1, t.length() - 1).trim());
        }
        return new Person(t, "");
    }

    @Override
    public String toString() {
        return email.isEmpty() ? name : name + " <" + email + ">";
    }
}
