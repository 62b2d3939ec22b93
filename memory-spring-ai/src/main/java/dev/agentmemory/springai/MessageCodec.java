package dev.agentmemory.springai;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring AI messages to and from JSON, exactly: text, every metadata value with its Java type, media (id, name, MIME
 * type, and data as bytes, text or URL), tool calls and tool responses. Spring AI ships no message serializer, and
 * Jackson's default mapping would turn an {@code Integer} metadata value into whatever number type the parser picks,
 * so each value is written with a tag naming its type.
 *
 * <p>The JSON is canonical: map keys are written in sorted order, so the same message always gives the same text
 * (the chat memory repository derives entry ids from it and matches messages by it).
 *
 * <p>Thread-safe (Jackson's mapper is).
 */
final class MessageCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MessageCodec() {
    }

    /**
     * The JSON of a message.
     *
     * @throws IllegalArgumentException for a message class or a metadata value type this codec does not know; the
     *     message names the key and the type
     */
    static String encode(Message message) {
        Map<String, Object> m = new TreeMap<>();
        MessageType type = message.getMessageType();
        m.put("type", type.name());
        if (!(message instanceof UserMessage || message instanceof AssistantMessage || message instanceof SystemMessage
                || message instanceof ToolResponseMessage)) {
            throw new IllegalArgumentException("cannot store a message of class " + message.getClass().getName()
                    + ": only Spring AI's UserMessage, AssistantMessage, SystemMessage and ToolResponseMessage are kept"
                    + " exactly");
        }
        if (message.getClass() != UserMessage.class && message.getClass() != AssistantMessage.class
                && message.getClass() != SystemMessage.class && message.getClass() != ToolResponseMessage.class) {
            throw new IllegalArgumentException("cannot store a message of class " + message.getClass().getName()
                    + " (a subclass): it would come back as its Spring AI base class");
        }
        String text = message.getText();
        if (text != null) {
            m.put("text", text);
        }
        Map<String, Object> metadata = new TreeMap<>();
        for (Map.Entry<String, Object> e : message.getMetadata().entrySet()) {
            if (e.getKey().equals(AbstractMessage.MESSAGE_TYPE)) {
                continue; // every message puts its type there itself
            }
            metadata.put(e.getKey(), value(e.getKey(), e.getValue()));
        }
        m.put("metadata", metadata);
        if (message instanceof UserMessage user) {
            m.put("media", media(user.getMedia()));
        } else if (message instanceof AssistantMessage assistant) {
            m.put("media", media(assistant.getMedia()));
            List<Object> calls = new ArrayList<>();
            for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
                Map<String, Object> c = new TreeMap<>();
                putNullable(c, "id", call.id());
                putNullable(c, "type", call.type());
                putNullable(c, "name", call.name());
                putNullable(c, "arguments", call.arguments());
                calls.add(c);
            }
            m.put("toolCalls", calls);
        } else if (message instanceof ToolResponseMessage tool) {
            List<Object> responses = new ArrayList<>();
            for (ToolResponseMessage.ToolResponse r : tool.getResponses()) {
                Map<String, Object> c = new TreeMap<>();
                putNullable(c, "id", r.id());
                putNullable(c, "name", r.name());
                putNullable(c, "responseData", r.responseData());
                responses.add(c);
            }
            m.put("responses", responses);
        }
        return JSON.writeValueAsString(m);
    }

    /** The message a JSON text of {@link #encode} stands for. */
    @SuppressWarnings("unchecked")
    static Message decode(String json) {
        Map<String, Object> m = JSON.readValue(json, LinkedHashMap.class);
        MessageType type = MessageType.valueOf((String) m.get("type"));
        String text = (String) m.get("text");
        Map<String, Object> metadata = new HashMap<>();
        ((Map<String, Object>) m.get("metadata")).forEach((k, v) -> metadata.put(k, unvalue(v)));
        switch (type) {
            case USER: {
                UserMessage.Builder b = UserMessage.builder().media(unmedia((List<Object>) m.get("media")))
                        .metadata(metadata);
                if (text != null) {
                    b.text(text);
                }
                return b.build();
            }
            case SYSTEM: {
                SystemMessage.Builder b = SystemMessage.builder().metadata(metadata);
                if (text != null) {
                    b.text(text);
                }
                return b.build();
            }
            case ASSISTANT: {
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                for (Object o : (List<Object>) m.get("toolCalls")) {
                    Map<String, Object> c = (Map<String, Object>) o;
                    calls.add(new AssistantMessage.ToolCall((String) c.get("id"), (String) c.get("type"),
                            (String) c.get("name"), (String) c.get("arguments")));
                }
                return AssistantMessage.builder().content(text).properties(metadata).toolCalls(calls)
                        .media(unmedia((List<Object>) m.get("media"))).build();
            }
            case TOOL: {
                List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                for (Object o : (List<Object>) m.get("responses")) {
                    Map<String, Object> c = (Map<String, Object>) o;
                    responses.add(new ToolResponseMessage.ToolResponse((String) c.get("id"), (String) c.get("name"),
                            (String) c.get("responseData")));
                }
                return ToolResponseMessage.builder().responses(responses).metadata(metadata).build();
            }
            default:
                throw new IllegalStateException("unknown message type " + type);
        }
    }

    private static void putNullable(Map<String, Object> m, String key, @Nullable Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static List<Object> media(List<Media> media) {
        List<Object> list = new ArrayList<>(media.size());
        for (Media item : media) {
            Map<String, Object> m = new TreeMap<>();
            putNullable(m, "id", item.getId());
            m.put("name", item.getName());
            m.put("mimeType", item.getMimeType().toString());
            Object data = item.getData();
            if (data instanceof byte[] bytes) {
                m.put("bytes", Base64.getEncoder().encodeToString(bytes));
            } else if (data instanceof String s) {
                m.put("text", s);
            } else if (data instanceof URL url) {
                m.put("url", url.toString());
            } else {
                throw new IllegalArgumentException("cannot store media data of class " + data.getClass().getName()
                        + ": only byte[], String and URL are kept exactly");
            }
            list.add(m);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static List<Media> unmedia(List<Object> list) {
        List<Media> media = new ArrayList<>(list.size());
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            Media.Builder b = Media.builder().mimeType(MimeType.valueOf((String) m.get("mimeType")))
                    .name((String) m.get("name"));
            if (m.get("id") != null) {
                b.id((String) m.get("id"));
            }
            if (m.containsKey("bytes")) {
                b.data(Base64.getDecoder().decode((String) m.get("bytes")));
            } else if (m.containsKey("text")) {
                b.data((String) m.get("text"));
            } else {
                try {
                    b.data(URI.create((String) m.get("url")).toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("stored media URL is not a URL: " + m.get("url"), e);
                }
            }
            media.add(b.build());
        }
        return media;
    }

    /** A metadata value as a one-key map naming its type. */
    private static Object value(String key, @Nullable Object v) {
        if (v == null) {
            return Map.of("null", true);
        } else if (v instanceof String s) {
            return Map.of("s", s);
        } else if (v instanceof Boolean b) {
            return Map.of("b", b);
        } else if (v instanceof Integer i) {
            return Map.of("i", i);
        } else if (v instanceof Long l) {
            return Map.of("l", l);
        } else if (v instanceof Short s) {
            return Map.of("short", s);
        } else if (v instanceof Byte b) {
            return Map.of("byte", b);
        } else if (v instanceof Double d) {
            return Map.of("d", finite(key, d));
        } else if (v instanceof Float f) {
            return Map.of("f", finite(key, f));
        } else if (v instanceof BigInteger b) {
            return Map.of("bigint", b.toString());
        } else if (v instanceof BigDecimal b) {
            return Map.of("decimal", b.toString());
        } else if (v instanceof UUID u) {
            return Map.of("uuid", u.toString());
        } else if (v instanceof Instant t) {
            return Map.of("instant", t.toString());
        } else if (v instanceof Enum<?> e && e.getDeclaringClass() == MessageType.class) {
            return Map.of("messageType", e.name());
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(value(key, item));
            }
            return Map.of("list", out);
        } else if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("metadata key " + key + " holds a map with a key of class "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()) + "; only String keys are kept");
                }
                out.put(k, value(key, e.getValue()));
            }
            return Map.of("map", out);
        }
        throw new IllegalArgumentException("metadata key " + key + " holds a " + v.getClass().getName()
                + "; a stored message keeps String, Boolean, Integer, Long, Short, Byte, Double, Float, BigInteger,"
                + " BigDecimal, UUID, Instant, MessageType, and Lists and Maps (String keys) of these");
    }

    private static double finite(String key, double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("metadata key " + key + " holds " + d + "; JSON keeps finite numbers only");
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object unvalue(Object tagged) {
        Map.Entry<String, Object> e = ((Map<String, Object>) tagged).entrySet().iterator().next();
        Object v = e.getValue();
        switch (e.getKey()) {
            case "null": return null;
            case "s": return v;
            case "b": return v;
            case "i": return ((Number) v).intValue();
            case "l": return ((Number) v).longValue();
            case "short": return ((Number) v).shortValue();
            case "byte": return ((Number) v).byteValue();
            case "d": return ((Number) v).doubleValue();
            case "f": return ((Number) v).floatValue();
            case "bigint": return new BigInteger((String) v);
            case "decimal": return new BigDecimal((String) v);
            case "uuid": return UUID.fromString((String) v);
            case "instant": return Instant.parse((String) v);
            case "messageType": return MessageType.valueOf((String) v);
            case "list": {
                List<Object> out = new ArrayList<>();
                for (Object item : (List<Object>) v) {
                    out.add(unvalue(item));
                }
                return out;
            }
            case "map": {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) v).forEach((k, item) -> out.put(k, unvalue(item)));
                return out;
            }
            default:
                throw new IllegalStateException("unknown stored metadata tag " + e.getKey());
        }
    }
}
