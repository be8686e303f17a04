package org.damnit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code damnit --version}: the project's version, which the build writes into version.properties. */
final class Version implements IVersionProvider {
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // reported as unknown below
        }
        String v = p.getProperty("version", "");
        return v.isEmpty() || v.startsWith("${") ? "(unknown version)" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"damnit " + version()};
    }
}
