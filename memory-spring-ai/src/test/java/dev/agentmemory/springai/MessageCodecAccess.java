package dev.agentmemory.springai;

/** The tests' view of a stored entry: the text of the message it holds. */
final class MessageCodecAccess {

    private MessageCodecAccess() {
    }

    static String text(String json) {
        return MessageCodec.decode(json).getText();
    }
}
