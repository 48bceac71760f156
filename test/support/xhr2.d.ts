declare module 'xhr2' {
  /** XMLHttpRequest for Node (what botframework-directlinejs's RxJS ajax needs outside a browser). */
  class XMLHttpRequest {
    readonly status: number;
    open(method: string, url: string, async?: boolean, user?: string, password?: string): void;
    send(body?: string | null): void;
    setRequestHeader(name: string, value: string): void;
    addEventListener(type: string, listener: () => void): void;
  }
  export default XMLHttpRequest;
}
