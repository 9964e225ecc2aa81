/** Steps a person takes in the app, shared by the e2e tests. */
import type { Page } from 'playwright-core';

export async function createPersona(page: Page, persona: { name: string; description: string; greeting: string }): Promise<void> {
  await page.getByRole('link', { name: 'New persona' }).click();
  await page.getByLabel('Name').fill(persona.name);
  await page.getByLabel('Description').fill(persona.description);
  await page.getByLabel('Greeting').fill(persona.greeting);
  await page.getByRole('button', { name: 'Save persona' }).click();
  await page.getByRole('heading', { name: persona.name }).waitFor();
}

export async function connectEndpoint(page: Page, baseUrl: string, model: string, contextWindow?: number): Promise<void> {
  await page.getByTestId('engine-link').click();
  await page.getByLabel('Base URL').fill(baseUrl);
  await page.getByLabel('Model name').fill(model);
  if (contextWindow) await page.getByLabel('Context window (tokens)').fill(String(contextWindow));
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('endpoint-ready').waitFor();
}

/** Opens a persona from the list and starts a new chat with it. */
export async function startChat(page: Page, personaName: string): Promise<void> {
  await page.goto(new URL('#/', page.url()).href);
  await page.getByRole('link', { name: new RegExp(personaName) }).first().click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('list', { name: 'Messages' }).waitFor();
}

export async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Your message').fill(text);
  await page.getByLabel('Your message').press('Enter');
}

/** Texts of the messages shown, in order. */
export async function messageTexts(page: Page): Promise<string[]> {
  return page.getByTestId('message').locator('.text').allInnerTexts();
}
