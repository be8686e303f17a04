package org.damnit.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.damnit.EntryType;

/**
 * For a new path, a plausible earlier version among the files that disappeared since the parent commit
 * (a rename or move): the deleted file with the same name, else the deleted file with the same
 * extension and the closest size. Its chunks become delta base candidates.
 */
final class RenameGuess {
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, List<Node>> byExtension = new HashMap<>();

    RenameGuess(Map<String, Node> previous, List<Scanner.Found> present) {
        Set<String> now = new HashSet<>();
        present.forEach(f -> now.add(f.rel()));
        for (Map.Entry<String, Node> e : previous.entrySet()) {
            Node n = e.getValue();
            if (n.type() != EntryType.FILE || now.contains(e.getKey()) || n.pieces().isEmpty()) {
                continue;
            }
            byName.putIfAbsent(n.name(), n);
            byExtension.computeIfAbsent(extension(n.name()), k -> new java.util.ArrayList<>()).add(n);
        }
    }

    Node guess(Scanner.Found f) {
        String name = f.rel().substring(f.rel().lastIndexOf('/') + 1);
        Node same = byName.get(name);
        if (same != null) {
            return same;
        }
        Node best = null;
        long size = f.attrs().size();
        for (Node n : byExtension.getOrDefault(extension(name), List.of())) {
            if (best == null || Math.abs(n.size() - size) < Math.abs(best.size() - size)) {
                best = n;
            }
        }
        return best != null && best.size() >= size / 2 && best.size() <= size * 2 ? best : null;
    }

    private static String extension(String name) {
        int dot = name.indexOf('.', 1);
        return dot < 0 ? "" : name.substring(dot);
    }
}
