/** A dependency the assistant needs to take a message (Redis when configured, the backend…). */
export interface HealthCheck {
  name: string;
  /** Resolves true when the dependency is usable; must answer quickly (it runs on every probe). */
  check(): Promise<boolean>;
}
