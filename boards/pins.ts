// Pin names an interpreter defines for its chip, for the cards' hardware.pins.

/** An nRF52 board: D0..D31. */
export function nrf52Pins(): string[] {
  return Array.from({ length: 32 }, (_, i) => `D${i}`);
}

/** An STM32F4 Pico: A0..C15. */
export function stm32Pins(): string[] {
  return ['A', 'B', 'C'].flatMap((p) => Array.from({ length: 16 }, (_, i) => `${p}${i}`));
}
