package io.cairn.job;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** RFC 7396 JSON merge patch: an object merges member by member, null removes, anything else replaces. */
final class JsonMergePatch {

    private JsonMergePatch() {}

    static void apply(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(member.getKey());
            } else if (value.isObject()) {
                // An object patches whatever object is there, or an empty one, so nulls inside it still remove.
                ObjectNode nested =
                        target.get(member.getKey()) instanceof ObjectNode existing ? existing : target.objectNode();
                apply(nested, (ObjectNode) value);
                target.set(member.getKey(), nested);
            } else {
                target.set(member.getKey(), value);
            }
        }
    }
}
