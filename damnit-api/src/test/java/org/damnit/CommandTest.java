package org.damnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Command objects hand an immutable request to their executor, once, and expose no mutable state. */
class CommandTest {
    @Test
    void callHandsTheSettingsToTheExecutorOnce() throws Exception {
        AtomicReference<CommitCommand.Request> seen = new AtomicReference<>();
        CommitCommand c = new CommitCommand(r -> {
            seen.set(r);
            return new CommitResult(java.util.Optional.empty(), 0, 0, 0, 0, 0, List.of());
        });
        c.setMessage("m").setMetadata("run", "42").setAllowEmpty(true).call();
        assertThat(seen.get().message()).isEqualTo("m");
        assertThat(seen.get().allowEmpty()).isTrue();
        assertThat(seen.get().metadata()).containsEntry("run", "42");
        assertThatThrownBy(() -> seen.get().metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        c.setMetadata("late", "1"); // a setter after the call does not reach the request already made
        assertThat(seen.get().metadata()).doesNotContainKey("late");
        assertThatThrownBy(c::call).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void requiredSettingsAreCheckedBeforeTheExecutorRuns() {
        AtomicReference<Object> seen = new AtomicReference<>();
        assertThatThrownBy(() -> new CommitCommand(r -> {
            seen.set(r);
            return null;
        }).setMessage(" ").call()).isInstanceOf(BadArgumentException.class);
        assertThatThrownBy(() -> new RevertCommand(r -> {
            seen.set(r);
            return null;
        }).addPath("a").call()).isInstanceOf(IllegalStateException.class);
        assertThat(seen.get()).isNull();
    }

    @Test
    void requestsCopyTheirLists() throws Exception {
        AtomicReference<RestoreCommand.Request> seen = new AtomicReference<>();
        new RestoreCommand(r -> {
            seen.set(r);
            return null;
        }).addPath("a").addPath("b").call();
        assertThat(seen.get().paths()).containsExactly("a", "b");
        assertThatThrownBy(() -> seen.get().paths().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Every field of an API class is private or a constant, and nothing is protected: nothing to subclass or read. */
    @Test
    void noApiClassHasProtectedOrMutableVisibleState() throws Exception {
        Path root = Path.of(Command.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        for (Class<?> k : classes(root)) {
            List<Member> members = new ArrayList<>(List.of(k.getDeclaredFields()));
            members.addAll(List.of(k.getDeclaredMethods()));
            members.addAll(List.of(k.getDeclaredConstructors()));
            for (Member m : members) {
                if (m.isSynthetic()) {
                    continue; // what the compiler adds (captured variables of anonymous classes)
                }
                int mod = m.getModifiers();
                boolean mutableVisible = m instanceof Field && !Modifier.isPrivate(mod)
                    && !(Modifier.isStatic(mod) && Modifier.isFinal(mod));
                if (Modifier.isProtected(mod) || mutableVisible) {
                    offenders.add(k.getName() + "." + m.getName());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static List<Class<?>> classes(Path root) throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String rel = root.relativize(p).toString();
                out.add(Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'), false,
                    CommandTest.class.getClassLoader()));
            }
        }
        assertThat(out).contains(CommitCommand.class);
        return out;
    }
}
