/** Mantine labels the eye button "Toggle password visibility"; a label without "password" keeps `getByLabel('Password')` pointing at the field. */
export const revealProps = { 'aria-label': 'Show or hide the typed characters' };
