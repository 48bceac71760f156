/** The terminal channel (`npm run chat`). */
export { runChatSession, CHAT_HELP, type ChatSessionOptions } from './chat-session.js';
export { formatReplies, type Choice, type FormattedReplies } from './format-replies.js';
