// A template picker: choosing an option copies its data-body into the textarea named by
// the select's data-fills (the reply stays editable).
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-fills]");
  if (!select) return;
  const option = select.selectedOptions[0];
  const target = document.getElementById(select.dataset.fills);
  if (option && option.dataset.body && target) target.value = option.dataset.body;
});
