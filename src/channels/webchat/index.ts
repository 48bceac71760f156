/** The web chat page (`/`) and its token endpoint. */
export { createWebChatPage, type WebChatPageOptions, type WebChatToken } from './webchat-page.js';
