package dev.hangar.store;

import java.util.Map;
import java.util.Optional;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The root state: one immutable branch state per reducer branch, by name. Replacing one branch
 * shares every other with the previous tree.
 */
public final class StateTree {
    static final StateTree EMPTY = new StateTree(HashTreePMap.empty());

    private final PMap<String, Object> branches;

    private StateTree(PMap<String, Object> branches) {
        this.branches = branches;
    }

    /** The branch's state, or empty when no branch of that name exists. */
    public <S> Optional<S> find(String name, Class<S> type) {
        return Optional.ofNullable(branches.get(name)).map(type::cast);
    }

    /** The branch's state; the branch must exist. */
    public <S> S get(String name, Class<S> type) {
        Object state = branches.get(name);
        if (state == null && !branches.containsKey(name)) {
            throw new IllegalArgumentException("no reducer branch named '" + name + "'");
        }
        return type.cast(state);
    }

    public boolean has(String name) {
        return branches.containsKey(name);
    }

    /** Every branch's state by name, in no particular order. */
    public Map<String, Object> branches() {
        return branches;
    }

    StateTree with(String name, Object state) {
        return new StateTree(branches.plus(name, state));
    }

    StateTree without(String name) {
        return new StateTree(branches.minus(name));
    }

    @Override
    public String toString() {
        return "StateTree" + branches.keySet();
    }
}
