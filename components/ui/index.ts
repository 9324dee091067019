export { Button, ButtonLink } from "./button";
export { Field } from "./field";
export { Card, Notice, EmptyState, Spinner } from "./card";
